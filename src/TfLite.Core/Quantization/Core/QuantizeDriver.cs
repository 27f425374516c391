using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
                var a = lanes.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i));
                var b = lanes.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(i + 8)));
                var c = lanes.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(i + 16)));
                var d = lanes.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(i + 24)));
                Store(Vector256.Narrow(a, b), Vector256.Narrow(c, d), ref yr, i);
            }
        if (simd && Vector128.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16)
            {
                var a = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i));
                var b = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(i + 4)));
                var c = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(i + 8)));
                var d = lanes.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(i + 12)));
                Store(Vector128.Narrow(a, b), Vector128.Narrow(c, d), ref yr, i);
            }
        for (; i < n; i++) y[i] = FromInt32<T>(lanes.Invoke(x[i]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector256<short> lo, Vector256<short> hi, ref T y, int i) where T : unmanaged
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
    private static void Store<T>(Vector128<short> lo, Vector128<short> hi, ref T y, int i) where T : unmanaged
    {
        if (typeof(T) == typeof(short))
        {
            ref short s = ref Unsafe.As<T, short>(ref y);
            lo.StoreUnsafe(ref s, (nuint)i);
            hi.StoreUnsafe(ref s, (nuint)(i + 8));
        }
        else if (typeof(T) == typeof(sbyte))
            Vector128.Narrow(lo, hi).StoreUnsafe(ref Unsafe.As<T, sbyte>(ref y), (nuint)i);
        else if (typeof(T) == typeof(byte))
            Vector128.Narrow(lo.AsUInt16(), hi.AsUInt16()).StoreUnsafe(ref Unsafe.As<T, byte>(ref y), (nuint)i);
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
