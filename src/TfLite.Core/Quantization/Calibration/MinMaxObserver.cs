namespace TfLite.Core.Quantization.Calibration;

/// <summary>The global minimum and maximum over every sample, NaNs skipped: TensorFlow's calibrator
/// (<c>tools/optimize/calibration</c>, class <c>MinMax</c>).</summary>
public sealed class MinMaxObserver : IRangeObserver
{
    private float _min = float.PositiveInfinity, _max = float.NegativeInfinity;

    /// <inheritdoc/>
    public bool HasValues => _min <= _max;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values)
    {
        var (min, max) = QuantizeKernels.MinMax(values);
        _min = MathF.Min(_min, min);
        _max = MathF.Max(_max, max);
    }

    /// <inheritdoc/>
    public (float Min, float Max) Range(int qmin, int qmax) => HasValues ? (_min, _max) : (0f, 0f);
}
