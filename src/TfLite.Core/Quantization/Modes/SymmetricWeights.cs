using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>Int8 weights quantized symmetrically to [-127, 127] with zero point 0, and their scales.</summary>
/// <param name="Values">The quantized values, in the float tensor's layout.</param>
/// <param name="Scales">One scale per tensor, or one per channel along <paramref name="Axis"/>.</param>
/// <param name="Axis">The channel axis, or null for one scale for the whole tensor.</param>
internal sealed record SymmetricWeights(sbyte[] Values, float[] Scales, int? Axis)
{
    /// <summary>
    /// Quantizes weights as TensorFlow's converter does: per channel (or tensor) the scale is max|w| / 127, computed
    /// in double and stored as float; each value becomes round(w / scale) with ties away from zero, clamped to
    /// ±127. An all-zero channel gets scale 1.
    /// </summary>
    public static SymmetricWeights Quantize(ReadOnlySpan<float> weights, int[] shape, int? axis)
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
        for (var c = 0; c < channels; c++) scales[c] = maxAbs[c] > 0 ? maxAbs[c] / 127.0 : 1.0;
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
