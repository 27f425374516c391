using System.Numerics;
using System.Runtime.CompilerServices;

namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>
/// Helpers for gemmlowp's <c>FixedPoint&lt;T, IntegerBits&gt;</c> values, kept as raw integers with the number of
/// integer bits passed alongside: a raw value <c>r</c> with <c>m</c> integer bits stands for
/// <c>r / 2^(bits - 1 - m)</c>, so its range is <c>[-2^m, 2^m)</c>.
/// </summary>
public static class FixedPointFormat
{
    /// <summary>Fractional bits of a format with <paramref name="integerBits"/> integer bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FractionalBits<T>(int integerBits) where T : struct => Gemmlowp.BitsOf<T>() - 1 - integerBits;

    /// <summary>The raw value of 1.0; with no integer bits, the largest value below one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T One<T>(int integerBits) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        integerBits == 0 ? T.MaxValue : T.CreateTruncating(1L << FractionalBits<T>(integerBits));

    /// <summary>The raw value of <c>2^exponent</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T PowerOfTwo<T>(int integerBits, int exponent) where T : struct, IBinaryInteger<T> =>
        T.CreateTruncating(1L << (FractionalBits<T>(integerBits) + exponent));

    /// <summary>
    /// A constant given as its 32-bit raw value, narrowed to the raw type with a rounding shift, the way gemmlowp
    /// writes its constants once for both widths.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Constant<T>(int raw32) where T : struct, IBinaryInteger<T> =>
        T.CreateTruncating(Gemmlowp.RoundingDivideByPOT(raw32, 32 - Gemmlowp.BitsOf<T>()));

    /// <summary>Fixed-point product: the integer bits of the result are the sum of the operands' integer bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply<T>(T a, T b) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        Gemmlowp.SaturatingRoundingDoublingHighMul(a, b);

    /// <summary>Converts a raw value from one number of integer bits to another (saturating, rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Rescale<T>(T raw, int fromIntegerBits, int toIntegerBits)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        Gemmlowp.SaturatingRoundingMultiplyByPOT(raw, fromIntegerBits - toIntegerBits);

    /// <summary>The real number a raw value stands for (for diagnostics and tests).</summary>
    public static double ToDouble<T>(T raw, int integerBits) where T : struct, IBinaryInteger<T> =>
        double.CreateTruncating(raw) / (1L << FractionalBits<T>(integerBits));
}
