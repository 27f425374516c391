using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// TFLite's QUANTIZE and DEQUANTIZE reference kernels: float to integer (<c>AffineQuantize</c>), integer to integer
/// (<c>Requantize</c>) and integer to float (<c>Dequantize</c>).
/// </summary>
public static class QuantizeOps
{
    /// <summary>
    /// q = clamp(round(x / scale) + zeroPoint), the division in float and the rounding half away from zero.
    /// </summary>
    public static void AffineQuantize<T>(float scale, int zeroPoint, ReadOnlySpan<float> input, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < input.Length; i++)
        {
            int unclamped = unchecked(TfLiteMath.TruncateToInt32(TfLiteMath.Round(input[i] / scale)) + zeroPoint);
            output[i] = T.CreateTruncating(TfLiteMath.ClampToRange(unclamped, min, max));
        }
    }

    /// <summary>
    /// The multiplier TFLite's QUANTIZE uses between two integer types: input scale / output scale, in double.
    /// </summary>
    public static QuantizedMultiplier RequantizeMultiplier(float inputScale, float outputScale,
        RoundingMode rounding = RoundingMode.Double) =>
        QuantizedMultiplier.Quantize((double)inputScale / outputScale, rounding);

    /// <summary>
    /// Integer to integer: q_out = clamp(requantize(q_in - zp_in) + zp_out) for any pair of int8, uint8, int16 and
    /// int32 tensors.
    /// </summary>
    public static void Requantize<TIn, TOut>(QuantizedMultiplier multiplier, int inputZeroPoint, int outputZeroPoint,
        RoundingMode rounding, ReadOnlySpan<TIn> input, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        int min = int.CreateTruncating(TOut.MinValue), max = int.CreateTruncating(TOut.MaxValue);
        for (int i = 0; i < input.Length; i++)
        {
            int value = unchecked(int.CreateTruncating(input[i]) - inputZeroPoint);
            int scaled = unchecked(FixedPoint.Requantize.MultiplyByQuantizedMultiplier(value, multiplier.Multiplier,
                multiplier.Shift, rounding) + outputZeroPoint);
            output[i] = TOut.CreateTruncating(TfLiteMath.ClampToRange(scaled, min, max));
        }
    }

    /// <summary>x = (float)(scale * (q - zeroPoint)), the product in double as TFLite's <c>DequantizationParams</c>.</summary>
    public static void Dequantize<T>(double scale, int zeroPoint, ReadOnlySpan<T> input, Span<float> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++)
            output[i] = (float)(scale * unchecked(int.CreateTruncating(input[i]) - zeroPoint));
    }

    /// <summary>Per-channel dequantization along <paramref name="axis"/> of <paramref name="shape"/>.</summary>
    public static void DequantizePerChannel<T>(ReadOnlySpan<float> scales, ReadOnlySpan<long> zeroPoints, int axis,
        ReadOnlySpan<int> shape, ReadOnlySpan<T> input, Span<float> output) where T : unmanaged, IBinaryInteger<T>
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        int inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        int channels = shape[axis];
        for (int i = 0; i < input.Length; i++)
        {
            int c = i / inner % channels;
            // Per-channel scales stay float in TFLite's PerChannelDequantizationParams: the product is in float.
            output[i] = scales[c] * unchecked(int.CreateTruncating(input[i]) - (int)zeroPoints[c]);
        }
    }
}
