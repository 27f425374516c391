namespace TfLite.Core.Quantization.Calibration;

/// <summary>Watches the values one tensor takes over the calibration samples and proposes its quantization range.</summary>
public interface IRangeObserver
{
    /// <summary>Takes the tensor's values of one sample (NaNs are ignored, as TensorFlow's calibrator does).</summary>
    void Observe(ReadOnlySpan<float> values);

    /// <summary>True once at least one non-NaN value was observed.</summary>
    bool HasValues { get; }

    /// <summary>The range to quantize to [<paramref name="qmin"/>, <paramref name="qmax"/>] (some observers pick
    /// a clipping range that depends on the number of levels).</summary>
    (float Min, float Max) Range(int qmin, int qmax);
}

/// <summary>How calibration turns observed values into a range.</summary>
public enum RangeMethod
{
    /// <summary>Global min and max over all samples: TensorFlow's calibrator.</summary>
    MinMax,

    /// <summary>Exponential moving average of each sample's min and max (TensorFlow's quantization-aware training
    /// estimator).</summary>
    MovingAverage,

    /// <summary>Clip the tails: the given percentile of the value histogram on each side.</summary>
    Percentile,

    /// <summary>The clipping range that minimizes the quantization mean squared error over the value histogram.</summary>
    Mse,
}

/// <summary>Creates observers.</summary>
public static class RangeObservers
{
    /// <summary>A fresh observer for <paramref name="method"/>; <paramref name="percentile"/> is used by
    /// <see cref="RangeMethod.Percentile"/> only.</summary>
    /// <exception cref="QuantizationException"><c>InvalidCalibrationPercentile</c>: Percentile with a percentile
    /// outside (50, 100] (the range runs from the (100 - p)th to the p-th percentile).</exception>
    public static IRangeObserver Create(RangeMethod method, double percentile = PercentileObserver.DefaultPercentile) => method switch
    {
        RangeMethod.Percentile when !(percentile > 50 && percentile <= 100) => throw new QuantizationException("InvalidCalibrationPercentile",
            $"Percentile calibration keeps the values from the (100 - p)th to the p-th percentile, so p must lie in (50, 100]; got {percentile}.",
            percentile.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        RangeMethod.MinMax => new MinMaxObserver(),
        RangeMethod.MovingAverage => new MovingAverageObserver(),
        RangeMethod.Percentile => new PercentileObserver(percentile),
        RangeMethod.Mse => new MseObserver(),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
