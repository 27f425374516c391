using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfLite.Core.Quantization;

public static partial class QuantizeKernels
{
    // TFLite's reference computes static_cast<float>(double(scale) * (q - zero_point)). For 8- and 16-bit inputs
    // q - zero_point has at most 17 bits, so the double product is exact and its rounding to float is the single
    // rounding of a float32 product: computing in float32 lanes gives the very same bits.

    /// <summary>Dequantizes int8: y = scale * (q - zero_point), as TFLite's DEQUANTIZE op.</summary>
    public static void Dequantize(ReadOnlySpan<sbyte> source, Span<float> destination, float scale, int zeroPoint) =>
        DequantizeRun(source, destination, scale, zeroPoint);

    /// <summary>Dequantizes uint8: y = scale * (q - zero_point).</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination, float scale, int zeroPoint) =>
        DequantizeRun(source, destination, scale, zeroPoint);

    /// <summary>Dequantizes int16: y = scale * (q - zero_point).</summary>
    public static void Dequantize(ReadOnlySpan<short> source, Span<float> destination, float scale, int zeroPoint) =>
        DequantizeRun(source, destination, scale, zeroPoint);

    /// <summary>Dequantizes int32 (biases): y = (float)((double)scale * (q - zero_point)), TFLite's formula with the
    /// product in double. Scalar: int32 values do not fit float32 lanes exactly.</summary>
    public static void Dequantize(ReadOnlySpan<int> source, Span<float> destination, float scale, int zeroPoint)
    {
        RequireSameLength(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = (float)(scale * (double)unchecked(source[i] - zeroPoint));
    }

    /// <summary>Dequantizes int8 per channel along <paramref name="axis"/> of <paramref name="shape"/>.</summary>
    public static void DequantizePerChannel(ReadOnlySpan<sbyte> source, Span<float> destination, ReadOnlySpan<int> shape, int axis,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints) =>
        DequantizePerChannelRun(source, destination, ChannelLayout.Of(shape, axis), scales, zeroPoints);

    /// <summary>Dequantizes uint8 per channel along <paramref name="axis"/> of <paramref name="shape"/>.</summary>
    public static void DequantizePerChannel(ReadOnlySpan<byte> source, Span<float> destination, ReadOnlySpan<int> shape, int axis,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints) =>
        DequantizePerChannelRun(source, destination, ChannelLayout.Of(shape, axis), scales, zeroPoints);

    /// <summary>Dequantizes int16 per channel along <paramref name="axis"/> of <paramref name="shape"/>.</summary>
    public static void DequantizePerChannel(ReadOnlySpan<short> source, Span<float> destination, ReadOnlySpan<int> shape, int axis,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints) =>
        DequantizePerChannelRun(source, destination, ChannelLayout.Of(shape, axis), scales, zeroPoints);

    private static void DequantizePerChannelRun<T>(ReadOnlySpan<T> source, Span<float> destination, ChannelLayout layout,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints) where T : unmanaged
    {
        layout.Require(source.Length, destination.Length, scales.Length, zeroPoints.Length);
        int inner = layout.Inner, at = 0;
        for (int o = 0; o < layout.Outer; o++)
            for (int c = 0; c < layout.Channels; c++, at += inner)
                DequantizeRun(source.Slice(at, inner), destination.Slice(at, inner), scales[c], zeroPoints.IsEmpty ? 0 : zeroPoints[c]);
    }

    internal static void DequantizeRun<T>(ReadOnlySpan<T> source, Span<float> destination, float scale, int zeroPoint, bool simd = true)
        where T : unmanaged
    {
        RequireSameLength(source.Length, destination.Length);
        int n = source.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(source);
        ref float yr = ref MemoryMarshal.GetReference(destination);
        if (simd && Vector256.IsHardwareAccelerated)
        {
            Vector256<int> z = Vector256.Create(zeroPoint);
            Vector256<float> s = Vector256.Create(scale);
            Vector256<int> a, b, c, d;
            for (; i <= n - 32; i += 32)
            {
                Widen(ref xr, i, out a, out b, out c, out d);
                (Vector256.ConvertToSingle(a - z) * s).StoreUnsafe(ref yr, (nuint)i);
                (Vector256.ConvertToSingle(b - z) * s).StoreUnsafe(ref yr, (nuint)(i + 8));
                (Vector256.ConvertToSingle(c - z) * s).StoreUnsafe(ref yr, (nuint)(i + 16));
                (Vector256.ConvertToSingle(d - z) * s).StoreUnsafe(ref yr, (nuint)(i + 24));
            }
        }
        if (simd && Vector128.IsHardwareAccelerated)
        {
            Vector128<int> z = Vector128.Create(zeroPoint);
            Vector128<float> s = Vector128.Create(scale);
            Vector128<int> a, b, c, d;
            for (; i <= n - 16; i += 16)
            {
                Widen(ref xr, i, out a, out b, out c, out d);
                (Vector128.ConvertToSingle(a - z) * s).StoreUnsafe(ref yr, (nuint)i);
                (Vector128.ConvertToSingle(b - z) * s).StoreUnsafe(ref yr, (nuint)(i + 4));
                (Vector128.ConvertToSingle(c - z) * s).StoreUnsafe(ref yr, (nuint)(i + 8));
                (Vector128.ConvertToSingle(d - z) * s).StoreUnsafe(ref yr, (nuint)(i + 12));
            }
        }
        for (; i < n; i++) destination[i] = (ToInt32(source[i]) - zeroPoint) * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Widen<T>(ref T x, int i, out Vector256<int> a, out Vector256<int> b, out Vector256<int> c, out Vector256<int> d)
    {
        if (typeof(T) == typeof(short))
        {
            ref short s = ref Unsafe.As<T, short>(ref x);
            (a, b) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)i));
            (c, d) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)(i + 16)));
            return;
        }
        Vector256<short> lo, hi;
        if (typeof(T) == typeof(sbyte)) (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.As<T, sbyte>(ref x), (nuint)i));
        else if (typeof(T) == typeof(byte))
        {
            var (l, h) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.As<T, byte>(ref x), (nuint)i));
            (lo, hi) = (l.AsInt16(), h.AsInt16());
        }
        else throw new NotSupportedException(typeof(T).Name);
        (a, b) = Vector256.Widen(lo);
        (c, d) = Vector256.Widen(hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Widen<T>(ref T x, int i, out Vector128<int> a, out Vector128<int> b, out Vector128<int> c, out Vector128<int> d)
    {
        if (typeof(T) == typeof(short))
        {
            ref short s = ref Unsafe.As<T, short>(ref x);
            (a, b) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)i));
            (c, d) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)(i + 8)));
            return;
        }
        Vector128<short> lo, hi;
        if (typeof(T) == typeof(sbyte)) (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.As<T, sbyte>(ref x), (nuint)i));
        else if (typeof(T) == typeof(byte))
        {
            var (l, h) = Vector128.Widen(Vector128.LoadUnsafe(ref Unsafe.As<T, byte>(ref x), (nuint)i));
            (lo, hi) = (l.AsInt16(), h.AsInt16());
        }
        else throw new NotSupportedException(typeof(T).Name);
        (a, b) = Vector128.Widen(lo);
        (c, d) = Vector128.Widen(hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ToInt32<T>(T v) where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref v);
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref v);
        if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref v);
        if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref v);
        throw new NotSupportedException(typeof(T).Name);
    }
}
