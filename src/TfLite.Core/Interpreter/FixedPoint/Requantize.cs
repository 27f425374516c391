using System.Runtime.CompilerServices;

namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>
/// TFLite's <c>MultiplyByQuantizedMultiplier</c> family: scales an integer accumulator by a
/// <see cref="QuantizedMultiplier"/> (Q0.31 mantissa and power-of-two shift) with either of TFLite's roundings.
/// </summary>
public static class Requantize
{
    /// <summary>Scales a 32-bit value with the given rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(int x, int multiplier, int shift, RoundingMode rounding) =>
        rounding == RoundingMode.Single
            ? MultiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift)
            : MultiplyByQuantizedMultiplierDoubleRounding(x, multiplier, shift);

    /// <summary>
    /// Double rounding (TFLite's default build, TFLite Micro, CMSIS-NN): a wrapping left shift, a rounding doubling
    /// high multiply (ties up), then a rounding right shift (ties away from zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplierDoubleRounding(int x, int multiplier, int shift)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return Gemmlowp.RoundingDivideByPOT(
            Gemmlowp.SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), multiplier), rightShift);
    }

    /// <summary>
    /// Single rounding (<c>TFLITE_SINGLE_ROUNDING</c>): the exact 64-bit product rounded once, half up, by the total
    /// shift. Shifts are expected in [-31, 30].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplierSingleRounding(int x, int multiplier, int shift)
    {
        int totalShift = 31 - shift;
        long round = 1L << (totalShift - 1);
        return unchecked((int)(((long)x * multiplier + round) >> totalShift));
    }

    /// <summary>
    /// Scales a 64-bit accumulator (int16x8 kernels with int64 bias). TFLite computes this one the same way in both
    /// builds: the multiplier is first reduced to 15 bits (rounded), then the product is rounded once.
    /// Expects |x| &lt; 2^47 and shift in [-31, 7].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(long x, int multiplier, int shift)
    {
        int reducedMultiplier = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
        int totalShift = 15 - shift;
        long round = 1L << (totalShift - 1);
        return unchecked((int)((x * reducedMultiplier + round) >> totalShift));
    }

    /// <summary>
    /// Scales an accumulator of up to 64 bits by the whole Q0.31 multiplier, rounding the exact product once, half up
    /// (LiteRT's int16x8 FULLY_CONNECTED). The product is formed in 128 bits so that no accumulator overflows; the
    /// result is truncated to 32 bits as a C++ cast would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByFullQuantizedMultiplier(long x, int multiplier, int shift)
    {
        int totalShift = 31 - shift;
        Int128 round = Int128.One << (totalShift - 1);
        return unchecked((int)(long)(((Int128)x * multiplier + round) >> totalShift));
    }

    /// <summary>
    /// TFLite's <c>MultiplyByQuantizedMultiplierSmallerThanOneExp</c> (shift &lt;= 0). Equal to
    /// <see cref="MultiplyByQuantizedMultiplier(int, int, int, RoundingMode)"/> for such shifts in both roundings.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplierSmallerThanOneExp(int x, int multiplier, int leftShift, RoundingMode rounding) =>
        MultiplyByQuantizedMultiplier(x, multiplier, leftShift, rounding);

    /// <summary>
    /// TFLite's <c>MultiplyByQuantizedMultiplierGreaterThanOne</c> (shift &gt;= 0). Equal to
    /// <see cref="MultiplyByQuantizedMultiplier(int, int, int, RoundingMode)"/> for such shifts in both roundings.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplierGreaterThanOne(int x, int multiplier, int leftShift, RoundingMode rounding) =>
        MultiplyByQuantizedMultiplier(x, multiplier, leftShift, rounding);
}
