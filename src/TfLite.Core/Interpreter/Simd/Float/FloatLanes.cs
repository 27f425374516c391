using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>
/// One vector width's float operations, so that each float micro-kernel is written once and the JIT specializes it
/// for Vector128, Vector256 and Vector512 (generic over a struct, every call inlines).
/// </summary>
internal interface IFloatLanes<TSelf, TV> where TSelf : IFloatLanes<TSelf, TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Splat(float x);
    static abstract TV Load(ref float source, int index);
    static abstract void Store(TV value, ref float destination, int index);
    static abstract TV Add(TV a, TV b);
    static abstract TV Divide(TV a, TV b);

    /// <summary>acc + x * w, fused (one rounding) where the hardware has FMA, else a product then a sum.</summary>
    static abstract TV MultiplyAdd(TV x, TV w, TV acc);

    /// <summary>All ones in the lanes where a &lt; b (false for NaN), else zeros.</summary>
    static abstract TV LessThan(TV a, TV b);

    /// <summary>Lanes of <paramref name="ifTrue"/> where the mask is set, else of <paramref name="ifFalse"/>.</summary>
    static abstract TV Select(TV mask, TV ifTrue, TV ifFalse);

}

/// <summary>TFLite's comparisons, written once for every width.</summary>
internal static class LaneOps
{
    /// <summary>std::max(acc, v) as TFLite's pooling writes it: v when acc &lt; v, else acc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Max<TL, TV>(TV acc, TV v) where TL : struct, IFloatLanes<TL, TV> where TV : struct =>
        TL.Select(TL.LessThan(acc, v), v, acc);

    /// <summary>TFLite's float clamp (<see cref="Reference.FloatActivation.Clamp"/>) lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Clamp<TL, TV>(TV v, TV lo, TV hi) where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        v = TL.Select(TL.LessThan(v, lo), lo, v);
        return TL.Select(TL.LessThan(hi, v), hi, v);
    }
}

internal readonly struct Lanes128 : IFloatLanes<Lanes128, Vector128<float>>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LessThan(Vector128<float> a, Vector128<float> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Select(Vector128<float> mask, Vector128<float> ifTrue, Vector128<float> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
}

internal readonly struct Lanes256 : IFloatLanes<Lanes256, Vector256<float>>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Select(Vector256<float> mask, Vector256<float> ifTrue, Vector256<float> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
}

internal readonly struct Lanes512 : IFloatLanes<Lanes512, Vector512<float>>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Select(Vector512<float> mask, Vector512<float> ifTrue, Vector512<float> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
}
