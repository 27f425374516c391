using System.Runtime.CompilerServices;

namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>Rounding and saturating conversions as TFLite performs them (<c>TfLiteRound</c>, clamps to a type).</summary>
public static class TfLiteMath
{
    /// <summary>Round to nearest, ties away from zero (C's <c>roundf</c>, TFLite's <c>TfLiteRound</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Round(float x) => MathF.Round(x, MidpointRounding.AwayFromZero);

    /// <summary>Round to nearest, ties away from zero (C's <c>round</c>, TFLite's <c>TfLiteRound</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Round(double x) => Math.Round(x, MidpointRounding.AwayFromZero);

    /// <summary>
    /// <c>min(max(x, low), high)</c> in TFLite's order: unlike <see cref="Math.Clamp(int, int, int)"/> it accepts an
    /// empty range (low &gt; high) and then yields <paramref name="high"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ClampToRange(int x, int low, int high) => Math.Min(Math.Max(x, low), high);

    /// <summary>Clamps to [-128, 127].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte SaturateToInt8(int x) => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Clamps to [0, 255].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte SaturateToUInt8(int x) => (byte)Math.Clamp(x, byte.MinValue, byte.MaxValue);

    /// <summary>Clamps to [-32768, 32767].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short SaturateToInt16(int x) => (short)Math.Clamp(x, short.MinValue, short.MaxValue);

    /// <summary>Clamps a 64-bit value to the 32-bit range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SaturateToInt32(long x) => (int)Math.Clamp(x, int.MinValue, int.MaxValue);

    /// <summary>
    /// A float converted to int32 as C++'s <c>static_cast&lt;int32_t&gt;</c> does on x86-64 for values in range
    /// (truncation); out-of-range and NaN values give <see cref="int.MinValue"/> as the x86 instruction does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TruncateToInt32(float x) =>
        x >= -2147483648f && x < 2147483648f ? (int)x : int.MinValue;

    /// <summary>As <see cref="TruncateToInt32(float)"/> for a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TruncateToInt32(double x) =>
        x > -2147483649.0 && x < 2147483648.0 ? (int)x : int.MinValue;
}
