using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TfLite.Core.Quantization;

/// <summary>
/// The one loop behind every float-to-integer kernel: blocks of 32 floats as Vector256, then blocks of 16 as
/// Vector128, then a scalar tail. Each block yields int32 lanes already in range, narrowed to the storage type.
/// (No Vector512 block: the machines this was built on have no AVX-512, so it could be neither tested nor measured.)
/// </summary>
internal static class QuantizeDriver
{
    public static void Run<TLanes, T>(ReadOnlySpan<float> x, Span<T> y, in TLanes lanes, bool simd = true)
        where TLanes : struct, IQuantizeLanes where T : unmanaged
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (simd && Vector256.IsHardwareAccelerated)
            for (; i <= n - 32; i += 32)
            {
                var (a, b, c, d) = Block256(ref xr, i, lanes);
                Store(a, b, c, d, ref yr, i);
            }
        if (simd && Vector128.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16)
            {
                var a = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i));
                var b = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(i + 4)));
                var c = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(i + 8)));
                var d = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(i + 12)));
                Store(a, b, c, d, ref yr, i);
            }
        for (; i < n; i++) y[i] = FromInt32<T>(lanes.Invoke(x[i]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int>, Vector256<int>, Vector256<int>, Vector256<int>) Block256<TLanes>(ref float x, int i, in TLanes lanes)
        where TLanes : struct, IQuantizeLanes =>
        (lanes.Invoke(Vector256.LoadUnsafe(ref x, (nuint)i)), lanes.Invoke(Vector256.LoadUnsafe(ref x, (nuint)(i + 8))),
         lanes.Invoke(Vector256.LoadUnsafe(ref x, (nuint)(i + 16))), lanes.Invoke(Vector256.LoadUnsafe(ref x, (nuint)(i + 24))));

    // AVX2 packs within 128-bit halves; one permutation of the 32-bit groups (four int8 values, or pairs of int16)
    // puts the values back in order: one vector of 32 int8/uint8 values, or two of 16 int16 values.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> First, Vector256<int> Second) Pack<T>(Vector256<int> a, Vector256<int> b, Vector256<int> c,
        Vector256<int> d) where T : unmanaged
    {
        var ab = Avx2.PackSignedSaturate(a, b);
        var cd = Avx2.PackSignedSaturate(c, d);
        if (typeof(T) == typeof(short))
            return (Avx2.Permute4x64(ab.AsInt64(), 0b11_01_10_00).AsInt32(), Avx2.Permute4x64(cd.AsInt64(), 0b11_01_10_00).AsInt32());
        var bytes = typeof(T) == typeof(sbyte) ? Avx2.PackSignedSaturate(ab, cd).AsInt32()
            : typeof(T) == typeof(byte) ? Avx2.PackUnsignedSaturate(ab, cd).AsInt32()
            : throw new NotSupportedException(typeof(T).Name);
        return (Avx2.PermuteVar8x32(bytes, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)), default);
    }

    // The lanes are already clamped to the storage range, so saturating packs (one instruction per pair of vectors
    // on x86 and Arm) give the same values as truncating narrows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d, ref T y, int i) where T : unmanaged
    {
        if (!Avx2.IsSupported)
        {
            StoreNarrowed(Vector256.Narrow(a, b), Vector256.Narrow(c, d), ref y, i);
            return;
        }
        var (first, second) = Pack<T>(a, b, c, d);
        ref int words = ref Unsafe.As<T, int>(ref y);
        var at = (nuint)(i * Unsafe.SizeOf<T>() / 4);
        first.StoreUnsafe(ref words, at);
        if (typeof(T) == typeof(short)) second.StoreUnsafe(ref words, at + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d, ref T y, int i) where T : unmanaged
    {
        Vector128<short> lo, hi;
        if (Sse2.IsSupported) (lo, hi) = (Sse2.PackSignedSaturate(a, b), Sse2.PackSignedSaturate(c, d));
        else if (AdvSimd.IsSupported)
            (lo, hi) = (AdvSimd.ExtractNarrowingSaturateUpper(AdvSimd.ExtractNarrowingSaturateLower(a), b),
                AdvSimd.ExtractNarrowingSaturateUpper(AdvSimd.ExtractNarrowingSaturateLower(c), d));
        else (lo, hi) = (Vector128.Narrow(a, b), Vector128.Narrow(c, d));
        if (typeof(T) == typeof(short))
        {
            ref short s = ref Unsafe.As<T, short>(ref y);
            lo.StoreUnsafe(ref s, (nuint)i);
            hi.StoreUnsafe(ref s, (nuint)(i + 8));
        }
        else if (typeof(T) == typeof(sbyte))
            (Sse2.IsSupported ? Sse2.PackSignedSaturate(lo, hi) : Vector128.Narrow(lo, hi)).StoreUnsafe(ref Unsafe.As<T, sbyte>(ref y), (nuint)i);
        else if (typeof(T) == typeof(byte))
            (Sse2.IsSupported ? Sse2.PackUnsignedSaturate(lo, hi) : Vector128.Narrow(lo.AsUInt16(), hi.AsUInt16())).StoreUnsafe(ref Unsafe.As<T, byte>(ref y), (nuint)i);
        else throw new NotSupportedException(typeof(T).Name);
    }

    private static void StoreNarrowed<T>(Vector256<short> lo, Vector256<short> hi, ref T y, int i) where T : unmanaged
    {
        if (typeof(T) == typeof(short))
        {
            ref short s = ref Unsafe.As<T, short>(ref y);
            lo.StoreUnsafe(ref s, (nuint)i);
            hi.StoreUnsafe(ref s, (nuint)(i + 16));
        }
        else if (typeof(T) == typeof(sbyte))
            Vector256.Narrow(lo, hi).StoreUnsafe(ref Unsafe.As<T, sbyte>(ref y), (nuint)i);
        else if (typeof(T) == typeof(byte))
            Vector256.Narrow(lo.AsUInt16(), hi.AsUInt16()).StoreUnsafe(ref Unsafe.As<T, byte>(ref y), (nuint)i);
        else throw new NotSupportedException(typeof(T).Name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T FromInt32<T>(int v) where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) { sbyte s = (sbyte)v; return Unsafe.As<sbyte, T>(ref s); }
        if (typeof(T) == typeof(byte)) { byte b = (byte)v; return Unsafe.As<byte, T>(ref b); }
        if (typeof(T) == typeof(short)) { short h = (short)v; return Unsafe.As<short, T>(ref h); }
        if (typeof(T) == typeof(int)) return Unsafe.As<int, T>(ref v);
        throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>The storage type's range, or its narrow range (the lowest value left out, as TFLite's symmetric
    /// weights use [-127, 127]).</summary>
    internal static (int Min, int Max) Range<T>(bool narrowRange) where T : unmanaged
    {
        (int min, int max) = typeof(T) == typeof(sbyte) ? (sbyte.MinValue, sbyte.MaxValue)
            : typeof(T) == typeof(byte) ? (byte.MinValue, byte.MaxValue)
            : typeof(T) == typeof(short) ? (short.MinValue, short.MaxValue)
            : typeof(T) == typeof(int) ? (int.MinValue, int.MaxValue)
            : throw new NotSupportedException(typeof(T).Name);
        return (narrowRange ? min + 1 : min, max);
    }
}
