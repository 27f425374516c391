namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// TFLite's run-time quantization of float activations for hybrid (dynamic-range) kernels
/// (<c>tensor_utils::SymmetricQuantizeFloats</c> / <c>AsymmetricQuantizeFloats</c>).
/// </summary>
internal static class HybridQuantization
{
    /// <summary>Symmetric int8 in [-127, 127]; returns the scaling factor (1 for an all-zero row).</summary>
    public static float Symmetric(ReadOnlySpan<float> values, Span<sbyte> quantized)
    {
        float min = float.MaxValue, max = float.MinValue;
        if (values.IsEmpty) { min = max = 0f; }
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (max < v) max = v;
        }
        float range = MathF.Max(MathF.Abs(min), MathF.Abs(max));
        if (range == 0f)
        {
            quantized.Clear();
            return 1f;
        }
        float inverse = 127f / range;
        for (int i = 0; i < values.Length; i++)
        {
            int q = (int)MathF.Round(values[i] * inverse, MidpointRounding.AwayFromZero);
            quantized[i] = (sbyte)Math.Clamp(q, -127, 127);
        }
        return range / 127f;
    }

    /// <summary>Asymmetric int8 in [-128, 127] with a nudged zero point; returns (scaling factor, offset).</summary>
    public static (float Scale, int Offset) Asymmetric(ReadOnlySpan<float> values, Span<sbyte> quantized)
    {
        float min = values.IsEmpty ? 0f : float.MaxValue, max = values.IsEmpty ? 0f : float.MinValue;
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (max < v) max = v;
        }
        double rmin = Math.Min(0f, min), rmax = Math.Max(0f, max);
        if (rmin == rmax)
        {
            quantized.Clear();
            return (1f, 0);
        }
        const double qmin = -128, qmax = 127;
        double scale = (rmax - rmin) / (qmax - qmin);
        double zeroFromMin = qmin - rmin / scale, zeroFromMax = qmax - rmax / scale;
        double errorFromMin = Math.Abs(qmin) + Math.Abs(rmin / scale), errorFromMax = Math.Abs(qmax) + Math.Abs(rmax / scale);
        double zero = errorFromMin < errorFromMax ? zeroFromMin : zeroFromMax;
        int offset = zero <= qmin ? -128 : zero >= qmax ? 127 : (sbyte)Math.Round(zero, MidpointRounding.AwayFromZero);
        float scaleF = (float)scale;
        float inverse = 1f / scaleF;
        for (int i = 0; i < values.Length; i++)
        {
            int q = (int)MathF.Round(offset + values[i] * inverse, MidpointRounding.AwayFromZero);
            quantized[i] = (sbyte)Math.Clamp(q, -128, 127);
        }
        return (scaleF, offset);
    }
}
