namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// Finds, for one channel of float weights, a step of a recorded fake-quantization grid that stores the channel
/// exactly as symmetric int8: every value an integer multiple of the step, no multiple beyond ±127. The record only
/// proposes steps; the values decide, so weights a pass has changed since fall back to the ordinary scale.
/// </summary>
internal static class WeightGridFit
{
    /// <summary>How far from an integer a value / step may be and still count as on the grid: fake-quantized values
    /// are computed in float32 (code × step + min), so they carry a rounding error of a few ulps, far below this.</summary>
    private const double CodeTolerance = 1e-3;

    private const int LargestCode = 127;

    /// <summary>The largest of <paramref name="steps"/> that stores channel <paramref name="channel"/> (all values
    /// when null) exactly, or null when none does.</summary>
    /// <param name="weights">The weights, row-major.</param>
    /// <param name="channels">The number of channels along the quantized axis (1 per tensor).</param>
    /// <param name="inner">The number of values per channel step (the product of the dimensions after the axis).</param>
    /// <param name="channel">The channel, or null for the whole tensor.</param>
    /// <param name="steps">The candidate steps.</param>
    public static float? StepOf(ReadOnlySpan<float> weights, int channels, int inner, int? channel, float[] steps)
    {
        float? best = null;
        foreach (var step in steps)
            if (step > 0 && float.IsFinite(step) && step > (best ?? 0) && Fits(weights, channels, inner, channel, step))
                best = step;
        return best;
    }

    private static bool Fits(ReadOnlySpan<float> weights, int channels, int inner, int? channel, float step)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            if (channel is { } c && i / inner % channels != c) continue;
            var code = weights[i] / (double)step;
            if (Math.Abs(code) > LargestCode + CodeTolerance || Math.Abs(code - Math.Round(code)) > CodeTolerance) return false;
        }
        return true;
    }
}
