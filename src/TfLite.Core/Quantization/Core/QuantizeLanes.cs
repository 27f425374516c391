using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TfLite.Core.Quantization;

/// <summary>One quantization formula with a scalar form and Vector128/Vector256 forms that agree bit for bit.
/// Results are already clamped to [qmin, qmax], so narrowing them to the storage type is exact.</summary>
internal interface IQuantizeLanes
{
    int Invoke(float x);
    Vector128<int> Invoke(Vector128<float> x);
    Vector256<int> Invoke(Vector256<float> x);
}

/// <summary>Round-half-away-from-zero helpers for values already clamped to a small integer range.</summary>
internal static class RoundLanes
{
    // trunc(v + copysign(0.49999997, v)) rounds half away from zero for every float: a true .5 sum rounds up to the
    // next integer in the addition itself, while anything below .5 stays below it (the sum's spacing is too coarse
    // to carry it over). Four operations instead of a truncate-and-compare.
    private const float JustBelowHalf = 0.49999997f;

    // Clamping before rounding gives the same result as rounding before clamping because the bounds are integers
    // and rounding is monotonic; it also keeps the truncating conversion in range, which is what makes it exact.
    // NaN becomes +0 by masking (its comparison with itself is false), after which the hardware min/max, whose NaN
    // rules differ between platforms, see ordered values only and agree everywhere.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> ClampRound(Vector128<float> v, Vector128<float> lo, Vector128<float> hi)
    {
        v &= Vector128.Equals(v, v);
        v = OrderedMin(OrderedMax(v, lo), hi);
        var half = (v & Vector128.Create(-0f)) | Vector128.Create(JustBelowHalf);
        return Truncate(v + half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ClampRound(Vector256<float> v, Vector256<float> lo, Vector256<float> hi)
    {
        v &= Vector256.Equals(v, v);
        v = OrderedMin(OrderedMax(v, lo), hi);
        var half = (v & Vector256.Create(-0f)) | Vector256.Create(JustBelowHalf);
        return Truncate(v + half);
    }

    // The portable conversion saturates out-of-range values with extra instructions; these are in range.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Truncate(Vector128<float> v) =>
        Sse2.IsSupported ? Sse2.ConvertToVector128Int32WithTruncation(v) : Vector128.ConvertToInt32(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Truncate(Vector256<float> v) =>
        Avx.IsSupported ? Avx.ConvertToVector256Int32WithTruncation(v) : Vector256.ConvertToInt32(v);

    // One instruction where the platform has it; the portable Max/Min also order -0 below +0 and propagate NaN,
    // which costs several instructions and is not needed for NaN-free inputs whose zeros all round to 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> OrderedMax(Vector128<float> v, Vector128<float> lo) =>
        Sse.IsSupported ? Sse.Max(v, lo) : AdvSimd.IsSupported ? AdvSimd.Max(v, lo) : Vector128.ConditionalSelect(Vector128.LessThan(v, lo), lo, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> OrderedMin(Vector128<float> v, Vector128<float> hi) =>
        Sse.IsSupported ? Sse.Min(v, hi) : AdvSimd.IsSupported ? AdvSimd.Min(v, hi) : Vector128.ConditionalSelect(Vector128.GreaterThan(v, hi), hi, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> OrderedMax(Vector256<float> v, Vector256<float> lo) =>
        Avx.IsSupported ? Avx.Max(v, lo) : Vector256.ConditionalSelect(Vector256.LessThan(v, lo), lo, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> OrderedMin(Vector256<float> v, Vector256<float> hi) =>
        Avx.IsSupported ? Avx.Min(v, hi) : Vector256.ConditionalSelect(Vector256.GreaterThan(v, hi), hi, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ClampRound(Vector128<double> v, Vector128<double> lo, Vector128<double> hi)
    {
        v = Vector128.ConditionalSelect(Vector128.Equals(v, v), v, Vector128<double>.Zero);
        v = Vector128.ConditionalSelect(Vector128.LessThan(v, lo), lo, v);
        v = Vector128.ConditionalSelect(Vector128.GreaterThan(v, hi), hi, v);
        var t = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(v, Vector128<double>.Zero), Vector128.Floor(v), Vector128.Ceiling(v));
        var frac = v - t;
        var one = Vector128.Create(1.0);
        return t + (Vector128.GreaterThanOrEqual(frac, Vector128.Create(0.5)) & one) - (Vector128.LessThanOrEqual(frac, Vector128.Create(-0.5)) & one);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ClampRound(Vector256<double> v, Vector256<double> lo, Vector256<double> hi)
    {
        v = Vector256.ConditionalSelect(Vector256.Equals(v, v), v, Vector256<double>.Zero);
        v = Vector256.ConditionalSelect(Vector256.LessThan(v, lo), lo, v);
        v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, hi), hi, v);
        var t = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(v, Vector256<double>.Zero), Vector256.Floor(v), Vector256.Ceiling(v));
        var frac = v - t;
        var one = Vector256.Create(1.0);
        return t + (Vector256.GreaterThanOrEqual(frac, Vector256.Create(0.5)) & one) - (Vector256.LessThanOrEqual(frac, Vector256.Create(-0.5)) & one);
    }
}

/// <summary><see cref="QuantizeArithmetic.Divide"/> and <see cref="QuantizeArithmetic.MultiplyByReciprocal"/>:
/// a float32 product or quotient, rounded, plus the zero point.</summary>
internal readonly struct Float32Lanes : IQuantizeLanes
{
    private readonly float _factor, _lo, _hi;
    private readonly int _zero;
    private readonly bool _divide;

    public Float32Lanes(float scale, int zeroPoint, int qmin, int qmax, bool divide)
    {
        _divide = divide;
        _factor = divide ? scale : (scale == 0f ? 0f : (float)(1.0 / scale));
        _zero = zeroPoint;
        _lo = (float)((long)qmin - zeroPoint);
        _hi = (float)((long)qmax - zeroPoint);
    }

    public int Invoke(float x)
    {
        float v = _divide ? x / _factor : x * _factor;
        if (float.IsNaN(v)) return _zero;
        v = Math.Clamp(v, _lo, _hi);
        return (int)MathF.Round(v, MidpointRounding.AwayFromZero) + _zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<int> Invoke(Vector128<float> x)
    {
        var v = _divide ? x / Vector128.Create(_factor) : x * Vector128.Create(_factor);
        return RoundLanes.ClampRound(v, Vector128.Create(_lo), Vector128.Create(_hi)) + Vector128.Create(_zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Invoke(Vector256<float> x)
    {
        var v = _divide ? x / Vector256.Create(_factor) : x * Vector256.Create(_factor);
        return RoundLanes.ClampRound(v, Vector256.Create(_lo), Vector256.Create(_hi)) + Vector256.Create(_zero);
    }
}

/// <summary><see cref="QuantizeArithmetic.DivideInDouble"/>: round(x / scale + zero_point) in float64.</summary>
internal readonly struct Float64Lanes : IQuantizeLanes
{
    private readonly double _scale, _zero, _lo, _hi;

    public Float64Lanes(double scale, int zeroPoint, int qmin, int qmax)
    {
        _scale = scale;
        _zero = zeroPoint;
        _lo = qmin;
        _hi = qmax;
    }

    public int Invoke(float x)
    {
        double v = x / _scale + _zero;
        if (double.IsNaN(v)) return (int)_zero;
        return (int)Math.Round(Math.Clamp(v, _lo, _hi), MidpointRounding.AwayFromZero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<int> Invoke(Vector128<float> x)
    {
        var (a, b) = Vector128.Widen(x);
        // Integers within an int32 quantized range are exact in float32 only up to 2^24; callers use 8/16-bit ranges.
        var n = Vector128.Narrow(Lane(a), Lane(b));
        return Vector128.ConvertToInt32(n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Invoke(Vector256<float> x)
    {
        var (a, b) = Vector256.Widen(x);
        var n = Vector256.Narrow(Lane(a), Lane(b));
        return Vector256.ConvertToInt32(n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<double> Lane(Vector128<double> x)
    {
        var v = x / Vector128.Create(_scale) + Vector128.Create(_zero);
        // NaN becomes the zero point: v is replaced by zero_point before clamping.
        v = Vector128.ConditionalSelect(Vector128.Equals(v, v), v, Vector128.Create(_zero));
        return RoundLanes.ClampRound(v, Vector128.Create(_lo), Vector128.Create(_hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Lane(Vector256<double> x)
    {
        var v = x / Vector256.Create(_scale) + Vector256.Create(_zero);
        v = Vector256.ConditionalSelect(Vector256.Equals(v, v), v, Vector256.Create(_zero));
        return RoundLanes.ClampRound(v, Vector256.Create(_lo), Vector256.Create(_hi));
    }
}
