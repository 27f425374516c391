namespace TfLite.Core.Quantization.Calibration;

/// <summary>
/// Exponential moving averages of each sample's minimum and maximum, the estimator of TensorFlow's
/// quantization-aware training (<c>MovingAvgQuantize</c>): each sample's min is first capped at 0 and its max
/// raised to 0, then <c>average -= (average - value) * (1 - decay)</c> in float32 with decay 0.999 by default.
/// TensorFlow starts the averages from trained variables (initially -6 and 6); with no training to start from,
/// the first sample's values start them here.
/// </summary>
public sealed class MovingAverageObserver : IRangeObserver
{
    /// <summary>TensorFlow's default <c>ema_decay</c>.</summary>
    public const float DefaultDecay = 0.999f;

    private readonly float _decay;
    private float _min, _max;
    private bool _started;

    /// <summary>Creates the observer; <paramref name="decay"/> is the weight kept by the running average (the
    /// momentum), in [0, 1).</summary>
    public MovingAverageObserver(float decay = DefaultDecay)
    {
        if (!(decay >= 0f && decay < 1f)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must lie in [0, 1).");
        _decay = decay;
    }

    /// <inheritdoc/>
    public bool HasValues => _started;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values)
    {
        var (min, max) = QuantizeKernels.MinMax(values);
        if (min > max) return;
        min = MathF.Min(min, 0f);
        max = MathF.Max(max, 0f);
        if (!_started)
        {
            (_min, _max, _started) = (min, max, true);
            return;
        }
        float rate = 1f - _decay;
        _min -= (_min - min) * rate;
        _max -= (_max - max) * rate;
    }

    /// <inheritdoc/>
    public (float Min, float Max) Range(int qmin, int qmax) => _started ? (_min, _max) : (0f, 0f);
}
