namespace TfLite.Core.Quantization;

/// <summary>
/// Plain one-value-at-a-time formulations of <see cref="QuantizeKernels"/>, written the way TensorFlow's C++ reads
/// (round first, then add the zero point and clamp, in a wide type). The vector kernels must give the same bits.
/// </summary>
internal static class ScalarQuantizeKernels
{
    /// <summary>One value, any arithmetic, any range up to int32 (TensorFlow's formulas; NaN gives the zero point).</summary>
    public static int QuantizeOne(float x, float scale, int zeroPoint, int qmin, int qmax, QuantizeArithmetic arithmetic)
    {
        double q = arithmetic switch
        {
            QuantizeArithmetic.Divide => (double)MathF.Round(x / scale, MidpointRounding.AwayFromZero) + zeroPoint,
            QuantizeArithmetic.MultiplyByReciprocal =>
                (double)MathF.Round(x * (scale == 0f ? 0f : (float)(1.0 / scale)), MidpointRounding.AwayFromZero) + zeroPoint,
            QuantizeArithmetic.DivideInDouble => Math.Round((double)x / scale + zeroPoint, MidpointRounding.AwayFromZero),
            _ => throw new ArgumentOutOfRangeException(nameof(arithmetic)),
        };
        if (double.IsNaN(q)) return zeroPoint;
        return (int)Math.Clamp(q, qmin, qmax);
    }

    public static void Quantize<T>(ReadOnlySpan<float> x, Span<T> y, float scale, int zeroPoint, QuantizeArithmetic arithmetic, bool narrowRange)
        where T : unmanaged
    {
        var (qmin, qmax) = QuantizeDriver.Range<T>(narrowRange);
        for (int i = 0; i < x.Length; i++) y[i] = QuantizeDriver.FromInt32<T>(QuantizeOne(x[i], scale, zeroPoint, qmin, qmax, arithmetic));
    }

    /// <summary>TFLite's reference DEQUANTIZE: static_cast&lt;float&gt;(double(scale) * (q - zero_point)).</summary>
    public static void Dequantize<T>(ReadOnlySpan<T> q, Span<float> y, float scale, int zeroPoint) where T : unmanaged
    {
        double s = scale;
        for (int i = 0; i < q.Length; i++) y[i] = (float)(s * (QuantizeKernels.ToInt32(q[i]) - zeroPoint));
    }

    public static (float Min, float Max) MinMax(ReadOnlySpan<float> x)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in x)
        {
            if (float.IsNaN(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return (min == 0f ? 0f : min, max == 0f ? 0f : max);
    }

    public static float AbsMax(ReadOnlySpan<float> x)
    {
        float max = 0f;
        foreach (float v in x)
            if (!float.IsNaN(v)) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    public static void FloatToHalf(ReadOnlySpan<float> x, Span<Half> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = (Half)x[i];
    }

    public static void Histogram(ReadOnlySpan<float> x, float min, float max, Span<long> bins)
    {
        float k = bins.Length / (max - min);
        foreach (float v in x)
        {
            if (float.IsNaN(v)) continue;
            float f = (v - min) * k;
            int b = f >= bins.Length - 1 ? bins.Length - 1 : f <= 0f ? 0 : (int)f;
            bins[b]++;
        }
    }
}
