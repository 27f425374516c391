using System.Numerics;
using System.Runtime.CompilerServices;

namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>
/// gemmlowp's integer primitives, generic over the raw type (<see cref="int"/> or <see cref="short"/>) as gemmlowp's
/// templates are. Intermediate values are held in 64 bits so the results equal the C++ ones for every input,
/// including those where C++ relies on two's-complement wrap-around.
/// </summary>
public static class Gemmlowp
{
    /// <summary>Number of bits of the raw type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BitsOf<T>() where T : struct => Unsafe.SizeOf<T>() * 8;

    /// <summary>
    /// Product of two values read as fixed-point numbers in [-1, 1): <c>floor(a * b / 2^(bits-1) + 1/2)</c>, i.e.
    /// rounded with ties up, saturating the single overflow case <c>min * min</c> to <c>max</c> (ARM's VQRDMULH).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SaturatingRoundingDoublingHighMul<T>(T a, T b) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (a == b && a == T.MinValue) return T.MaxValue;
        int bits = BitsOf<T>();
        long product = long.CreateTruncating(a) * long.CreateTruncating(b);
        long nudge = product >= 0 ? 1L << (bits - 2) : 1 - (1L << (bits - 2));
        // C++ divides (truncating toward zero), which is not the same as an arithmetic shift for negative values.
        return T.CreateTruncating((product + nudge) / (1L << (bits - 1)));
    }

    /// <summary>
    /// Division by <c>2^exponent</c> rounded to nearest, ties away from zero (a rounding arithmetic right shift).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T RoundingDivideByPOT<T>(T x, int exponent) where T : struct, IBinaryInteger<T>
    {
        long value = long.CreateTruncating(x);
        // Mask and threshold live in the raw type, as in gemmlowp: for exponents beyond a 16-bit type's width they
        // wrap, and so must the result.
        long mask = long.CreateTruncating(T.CreateTruncating((1L << exponent) - 1));
        long remainder = value & mask;
        long threshold = long.CreateTruncating(T.CreateTruncating((mask >> 1) + (value < 0 ? 1 : 0)));
        return T.CreateTruncating((value >> exponent) + (remainder > threshold ? 1 : 0));
    }

    /// <summary>
    /// Multiplies by <c>2^exponent</c>: a saturating left shift for a positive exponent, a rounding right shift
    /// (<see cref="RoundingDivideByPOT{T}"/>) for a negative one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SaturatingRoundingMultiplyByPOT<T>(T x, int exponent)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (exponent == 0) return x;
        if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
        long value = long.CreateTruncating(x);
        long threshold = (1L << (BitsOf<T>() - 1 - exponent)) - 1;
        if (value > threshold) return T.MaxValue;
        if (value < -threshold) return T.MinValue;
        return T.CreateTruncating(value << exponent);
    }

    /// <summary><c>(a + b) / 2</c> rounded to nearest, ties away from zero (ARM's VRHADD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T RoundingHalfSum<T>(T a, T b) where T : struct, IBinaryInteger<T>
    {
        long sum = long.CreateTruncating(a) + long.CreateTruncating(b);
        long sign = sum >= 0 ? 1 : -1;
        return T.CreateTruncating((sum + sign) / 2);
    }

    /// <summary><c>a + b</c> clamped to the raw type's range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SaturatingAdd<T>(T a, T b) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        T.CreateSaturating(long.CreateTruncating(a) + long.CreateTruncating(b));

    /// <summary><c>a - b</c> clamped to the raw type's range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SaturatingSub<T>(T a, T b) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        T.CreateSaturating(long.CreateTruncating(a) - long.CreateTruncating(b));

    /// <summary>Saturating addition for 16-bit raw values, wrapping addition for wider ones (as gemmlowp does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AddSaturatingIf16Bit<T>(T a, T b) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        BitsOf<T>() <= 16 ? SaturatingAdd(a, b) : unchecked(a + b);

    /// <summary>Leading zero bits of a 32-bit value (32 for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountLeadingZeros(uint value) => BitOperations.LeadingZeroCount(value);

    /// <summary>Leading zero bits of a 64-bit value (64 for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountLeadingZeros(ulong value) => BitOperations.LeadingZeroCount(value);

    /// <summary>Redundant sign bits of a 32-bit value: how far it can be shifted left without changing sign
    /// (31 for zero, as GCC's <c>__builtin_clrsb</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountLeadingSignBits(int value) =>
        BitOperations.LeadingZeroCount((uint)(value ^ (value >> 31))) - 1;

    /// <summary>Redundant sign bits of a 64-bit value (63 for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountLeadingSignBits(long value) =>
        BitOperations.LeadingZeroCount((ulong)(value ^ (value >> 63))) - 1;
}
