using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>Int8 weights quantized symmetrically to [-127, 127] with zero point 0, and their scales.</summary>
/// <param name="Values">The quantized values, in the float tensor's layout.</param>
/// <param name="Scales">One scale per tensor, or one per channel along <paramref name="Axis"/>.</param>
/// <param name="Axis">The channel axis, or null for one scale for the whole tensor.</param>
internal sealed record SymmetricWeights(sbyte[] Values, float[] Scales, int? Axis)
{
    /// <summary>TensorFlow widens a channel's range to at least 1e-6 (so max|w| to 5e-7): all-zero or nearly
    /// dead channels get a tiny scale rather than a division by zero.</summary>
    private const double SmallestHalfRange = 5e-7;

    /// <summary>
    /// Quantizes weights as TensorFlow's converter does: per channel (or tensor) the scale is max|w| / 127 (at least
    /// 5e-7 / 127), and each value becomes round(w / scale) with ties away from zero, clamped to ±127. The
    /// dynamic-range quantizer computes in double (<paramref name="legacyFloatScale"/> false); the full-integer one
    /// uses TensorFlow's legacy float32 scale arithmetic. Where <paramref name="grid"/> offers a step whose integer
    /// multiples within ±127 are all of a channel's values, that step is the channel's scale, so the values are
    /// stored exactly (see <see cref="WeightGridFit"/>).
    /// </summary>
    public static SymmetricWeights Quantize(ReadOnlySpan<float> weights, int[] shape, int? axis, bool legacyFloatScale = false, float[]? grid = null)
    {
        var channels = axis is { } a ? shape[a] : 1;
        var inner = axis is { } b ? (int)Shape.ElementCount(shape[(b + 1)..]) : weights.Length;
        var maxAbs = new double[channels];
        for (var i = 0; i < weights.Length; i++)
        {
            var c = axis is null ? 0 : i / inner % channels;
            maxAbs[c] = Math.Max(maxAbs[c], Math.Abs((double)weights[i]));
        }
        var scales = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            var m = Math.Max(maxAbs[c], SmallestHalfRange);
            scales[c] = legacyFloatScale ? (float)m / 127f : m / 127.0;
        }
        if (grid is { Length: > 0 })
            for (var c = 0; c < channels; c++)
                if (WeightGridFit.StepOf(weights, channels, inner, axis is null ? null : c, grid) is { } step) scales[c] = step;
        var values = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var c = axis is null ? 0 : i / inner % channels;
            values[i] = (sbyte)Math.Clamp(Math.Round(weights[i] / scales[c], MidpointRounding.AwayFromZero), -127, 127);
        }
        return new SymmetricWeights(values, [.. scales.Select(s => (float)s)], axis);
    }

    /// <summary>The quantization parameters of these weights.</summary>
    public QuantizationParameters Parameters() => new()
    {
        Scale = (float[])Scales.Clone(),
        ZeroPoint = new long[Scales.Length],
        QuantizedDimension = Axis ?? 0,
    };
}
