using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfLite.Core.Interpreter.Simd;

/// <summary>
/// The one driver loop behind every vectorized float kernel: Vector256 blocks, then Vector128, then a scalar
/// tail. Each lane computes exactly what the scalar operator computes, so results never depend on the path.
/// <c>simd: false</c> runs the scalar operator over the whole span (the reference the tests compare with).
/// </summary>
internal static class SimdDriver
{
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> y, bool simd = true) where TOp : IUnaryOperator
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (simd && Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (simd && Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                TOp.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < n; i++) y[i] = TOp.Invoke(x[i]);
    }

    /// <summary>y[i] = op(a[i], b[i]).</summary>
    public static void Binary<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, bool simd = true) where TOp : IBinaryOperator
    {
        int n = y.Length, i = 0;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (simd && Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (simd && Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                TOp.Invoke(Vector128.LoadUnsafe(ref ar, (nuint)i), Vector128.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < n; i++) y[i] = TOp.Invoke(a[i], b[i]);
    }

    /// <summary>y[i] = op(a[i], b).</summary>
    public static void BinaryScalarRight<TOp>(ReadOnlySpan<float> a, float b, Span<float> y, bool simd = true) where TOp : IBinaryOperator
    {
        int n = y.Length, i = 0;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (simd && Vector256.IsHardwareAccelerated)
        {
            var bv = Vector256.Create(b);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)i), bv).StoreUnsafe(ref yr, (nuint)i);
        }
        if (simd && Vector128.IsHardwareAccelerated)
        {
            var bv = Vector128.Create(b);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                TOp.Invoke(Vector128.LoadUnsafe(ref ar, (nuint)i), bv).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) y[i] = TOp.Invoke(a[i], b);
    }

    /// <summary>y[i] = op(a, b[i]).</summary>
    public static void BinaryScalarLeft<TOp>(float a, ReadOnlySpan<float> b, Span<float> y, bool simd = true) where TOp : IBinaryOperator
    {
        int n = y.Length, i = 0;
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (simd && Vector256.IsHardwareAccelerated)
        {
            var av = Vector256.Create(a);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                TOp.Invoke(av, Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        if (simd && Vector128.IsHardwareAccelerated)
        {
            var av = Vector128.Create(a);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                TOp.Invoke(av, Vector128.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) y[i] = TOp.Invoke(a, b[i]);
    }

    /// <summary>acc[i] += x[i] * w[i].</summary>
    public static void MultiplyAccumulate(Span<float> acc, ReadOnlySpan<float> x, ReadOnlySpan<float> w, bool simd = true)
    {
        int n = acc.Length, i = 0;
        ref float ar = ref MemoryMarshal.GetReference(acc);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(w);
        if (simd && Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.LoadUnsafe(ref ar, (nuint)i) + Vector256.LoadUnsafe(ref xr, (nuint)i) * Vector256.LoadUnsafe(ref wr, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        if (simd && Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                (Vector128.LoadUnsafe(ref ar, (nuint)i) + Vector128.LoadUnsafe(ref xr, (nuint)i) * Vector128.LoadUnsafe(ref wr, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        for (; i < n; i++) acc[i] += x[i] * w[i];
    }

    /// <summary>y[i] = clamp(acc[i] + bias[i], lo, hi) with TFLite's std::max/std::min clamp. An empty bias adds
    /// nothing (kernels whose reference adds 0.0f for a missing bias pass zeros, since -0 + 0 is +0).</summary>
    public static void BiasAndClamp(ReadOnlySpan<float> acc, ReadOnlySpan<float> bias, float lo, float hi, Span<float> y, bool simd = true)
    {
        int n = y.Length, i = 0;
        bool hasBias = !bias.IsEmpty;
        ref float ar = ref MemoryMarshal.GetReference(acc);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (simd && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> l = Vector256.Create(lo), h = Vector256.Create(hi);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref ar, (nuint)i);
                if (hasBias) v += Vector256.LoadUnsafe(ref br, (nuint)i);
                v = Vector256.ConditionalSelect(Vector256.LessThan(v, l), l, v);
                Vector256.ConditionalSelect(Vector256.LessThan(h, v), h, v).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        if (simd && Vector128.IsHardwareAccelerated)
        {
            Vector128<float> l = Vector128.Create(lo), h = Vector128.Create(hi);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var v = Vector128.LoadUnsafe(ref ar, (nuint)i);
                if (hasBias) v += Vector128.LoadUnsafe(ref br, (nuint)i);
                v = Vector128.ConditionalSelect(Vector128.LessThan(v, l), l, v);
                Vector128.ConditionalSelect(Vector128.LessThan(h, v), h, v).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++) y[i] = Reference.FloatActivation.Clamp(hasBias ? acc[i] + bias[i] : acc[i], lo, hi);
    }

    /// <summary>y[i] = clamp(y[i]) in place.</summary>
    public static void Clamp(Span<float> y, float lo, float hi, bool simd = true) =>
        BiasAndClamp(y, default, lo, hi, y, simd);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Accelerated(bool simd) => simd && Vector128.IsHardwareAccelerated;
}

/// <summary>Vectorized activations that carry a parameter (so they do not fit the static operator shape).</summary>
internal static class ParameterizedActivations
{
    /// <summary>y = x &gt; 0 ? x : x * alpha (TFLite's LEAKY_RELU; alpha may exceed 1).</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float alpha, bool simd = true)
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (simd && Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * a).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        if (simd && Vector128.IsHardwareAccelerated)
        {
            var a = Vector128.Create(alpha);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var v = Vector128.LoadUnsafe(ref xr, (nuint)i);
                Vector128.ConditionalSelect(Vector128.GreaterThan(v, Vector128<float>.Zero), v, v * a).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++) y[i] = x[i] > 0f ? x[i] : x[i] * alpha;
    }
}
