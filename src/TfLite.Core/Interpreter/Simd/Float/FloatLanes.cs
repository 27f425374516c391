using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>
/// One vector width's float operations, so that each float micro-kernel is written once and the JIT specializes it
/// for Vector128, Vector256 and Vector512 (generic over a struct, every call inlines).
/// </summary>
internal interface IFloatLanes<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Splat(float x);
    static abstract TV Load(ref float source, int index);
    static abstract void Store(TV value, ref float destination, int index);
    static abstract TV Add(TV a, TV b);
    static abstract TV Divide(TV a, TV b);

    /// <summary>acc + x * w, fused (one rounding) where the hardware has FMA, else a product then a sum.</summary>
    static abstract TV MultiplyAdd(TV x, TV w, TV acc);

    /// <summary>std::max(acc, v) as TFLite's pooling writes it: v when acc &lt; v, else acc.</summary>
    static abstract TV Max(TV acc, TV v);

    /// <summary>TFLite's float clamp (<see cref="Reference.FloatActivation.Clamp"/>) lane by lane.</summary>
    static abstract TV Clamp(TV v, TV lo, TV hi);
}

internal readonly struct Lanes128 : IFloatLanes<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Splat(float x) => Vector128.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, int index) => Vector128.LoadUnsafe(ref source, (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> x, Vector128<float> w, Vector128<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, w, acc)
        : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(acc, x, w)
        : acc + x * w;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Max(Vector128<float> acc, Vector128<float> v) => Vector128.ConditionalSelect(Vector128.LessThan(acc, v), v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Clamp(Vector128<float> v, Vector128<float> lo, Vector128<float> hi)
    {
        v = Vector128.ConditionalSelect(Vector128.LessThan(v, lo), lo, v);
        return Vector128.ConditionalSelect(Vector128.LessThan(hi, v), hi, v);
    }
}

internal readonly struct Lanes256 : IFloatLanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, int index) => Vector256.LoadUnsafe(ref source, (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> w, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, w, acc) : acc + x * w;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> acc, Vector256<float> v) => Vector256.ConditionalSelect(Vector256.LessThan(acc, v), v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Clamp(Vector256<float> v, Vector256<float> lo, Vector256<float> hi)
    {
        v = Vector256.ConditionalSelect(Vector256.LessThan(v, lo), lo, v);
        return Vector256.ConditionalSelect(Vector256.LessThan(hi, v), hi, v);
    }
}

internal readonly struct Lanes512 : IFloatLanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, int index) => Vector512.LoadUnsafe(ref source, (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> x, Vector512<float> w, Vector512<float> acc) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(x, w, acc) : acc + x * w;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> acc, Vector512<float> v) => Vector512.ConditionalSelect(Vector512.LessThan(acc, v), v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Clamp(Vector512<float> v, Vector512<float> lo, Vector512<float> hi)
    {
        v = Vector512.ConditionalSelect(Vector512.LessThan(v, lo), lo, v);
        return Vector512.ConditionalSelect(Vector512.LessThan(hi, v), hi, v);
    }
}
