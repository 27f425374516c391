namespace TfLite.Core.Quantization.Optimization;

/// <summary>How calibration turns the values a tensor took over the samples into its range.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value over all samples (TensorFlow's calibrator).</summary>
    MinMax,

    /// <summary>Moving averages of each sample's min and max.</summary>
    MovingAverage,

    /// <summary>The given percentile of the magnitudes, from a histogram.</summary>
    Percentile,

    /// <summary>The clipping range with the least quantization error, from a histogram.</summary>
    Mse,
}
