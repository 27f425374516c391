namespace TfLite.Core.Quantization;

/// <summary>A scale and zero point: real = scale * (q - zero_point).</summary>
/// <param name="Scale">The quantization step.</param>
/// <param name="ZeroPoint">The integer that represents real 0.</param>
public readonly record struct AffineQuantParams(float Scale, int ZeroPoint);

/// <summary>
/// Chooses quantization parameters from observed ranges the way TensorFlow's converter does
/// (<c>tensorflow/lite/tools/optimize/quantization_utils.cc</c>, and the MLIR quantizer's legacy float-scale mode,
/// which repeats the same float32 arithmetic).
/// </summary>
public static class QuantizationParameterChooser
{
    /// <summary>Largest int8 value; symmetric int8 weights use [-127, 127].</summary>
    public const int Int8Max = 127;

    /// <summary>Largest int16 value; int16 activations are symmetric with zero point 0.</summary>
    public const int Int16Max = 32767;

    /// <summary>
    /// Asymmetric parameters for [min, max] over [qmin, qmax] (activations, int8 or uint8): the range is widened to
    /// contain 0, scale = (max - min) / (qmax - qmin) in float32, and the zero point qmin - min / scale is rounded
    /// half away from zero and clamped to [qmin, qmax] (0 exactly representable). A zero range gives scale 0 and
    /// zero point qmin, as TensorFlow does.
    /// </summary>
    /// <exception cref="ArgumentException">min or max is NaN or infinite, or qmin &gt;= qmax.</exception>
    public static AffineQuantParams ChooseQuantizationParams(float min, float max, int qmin, int qmax)
    {
        RequireFinite(min, max);
        if (qmin >= qmax) throw new ArgumentException($"Empty quantized range [{qmin}, {qmax}].", nameof(qmax));
        float qminF = qmin, qmaxF = qmax;
        min = MathF.Min(min, 0f);
        max = MathF.Max(max, 0f);
        float scale = (max - min) / (qmaxF - qminF);
        float zeroFromMin = scale != 0f ? qminF - min / scale : qminF;
        int zero = zeroFromMin < qminF ? qmin
            : zeroFromMin > qmaxF ? qmax
            : (int)MathF.Round(zeroFromMin, MidpointRounding.AwayFromZero);
        return new AffineQuantParams(scale, zero);
    }

    /// <summary>
    /// Symmetric parameters: scale = max(|min|, |max|) / <paramref name="qmax"/> in float32, zero point 0 (int8 weights
    /// with qmax 127, int16 activations and weights with qmax 32767). An all-zero range gives scale 1 (every value
    /// quantizes to 0), as TFLite's symmetric weight quantizer does, because a zero scale cannot be requantized.
    /// </summary>
    public static AffineQuantParams ChooseSymmetricParams(float min, float max, int qmax)
    {
        RequireFinite(min, max);
        float range = MathF.Max(MathF.Abs(min), MathF.Abs(max));
        return new AffineQuantParams(range == 0f ? 1f : range / qmax, 0);
    }

    /// <summary>Symmetric scales per channel from per-channel mins and maxs (see
    /// <see cref="ChooseSymmetricParams(float, float, int)"/>); zero points are all 0.</summary>
    public static void ChooseSymmetricScales(ReadOnlySpan<float> mins, ReadOnlySpan<float> maxs, Span<float> scales, int qmax)
    {
        if (mins.Length != maxs.Length || scales.Length != mins.Length)
            throw new ArgumentException($"{mins.Length} mins, {maxs.Length} maxs and {scales.Length} scales do not match.");
        for (int c = 0; c < scales.Length; c++) scales[c] = ChooseSymmetricParams(mins[c], maxs[c], qmax).Scale;
    }

    /// <summary>The int32 bias scale of a FULLY_CONNECTED/CONV_2D/DEPTHWISE_CONV_2D: input_scale * weight_scale, a
    /// float32 product (zero point 0).</summary>
    public static float BiasScale(float inputScale, float weightScale) => inputScale * weightScale;

    /// <summary>Per-channel bias scales: <c>scales[c] = inputScale * weightScales[c]</c>.</summary>
    public static void BiasScales(float inputScale, ReadOnlySpan<float> weightScales, Span<float> scales)
    {
        if (weightScales.Length != scales.Length)
            throw new ArgumentException($"{weightScales.Length} weight scales for {scales.Length} bias scales.");
        for (int c = 0; c < scales.Length; c++) scales[c] = BiasScale(inputScale, weightScales[c]);
    }

    private static void RequireFinite(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new ArgumentException($"The range [{min}, {max}] is not finite.");
    }
}
