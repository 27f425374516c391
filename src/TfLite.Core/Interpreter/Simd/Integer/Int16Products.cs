using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// Products of int16 lanes summed into int32 lanes. Integer sums wrap modulo 2^32 like TFLite's int32 accumulators,
/// so the order in which lanes are paired and added never changes a total.
/// </summary>
internal static class Int16Products
{
    /// <summary>a[2i]*b[2i] + a[2i+1]*b[2i+1] per int32 lane (pmaddwd on x64; widening multiplies elsewhere,
    /// which pair the lanes differently but give the same lane totals' sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAddPairs(Vector256<short> a, Vector256<short> b)
    {
        if (Avx2.IsSupported) return Avx2.MultiplyAddAdjacent(a, b);
        var (al, ah) = Vector256.Widen(a);
        var (bl, bh) = Vector256.Widen(b);
        return al * bl + ah * bh;
    }

    /// <summary>The Vector128 form of <see cref="MultiplyAddPairs(Vector256{short}, Vector256{short})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAddPairs(Vector128<short> a, Vector128<short> b)
    {
        if (Sse2.IsSupported) return Sse2.MultiplyAddAdjacent(a, b);
        var (al, ah) = Vector128.Widen(a);
        var (bl, bh) = Vector128.Widen(b);
        return al * bl + ah * bh;
    }

    /// <summary>Eight int8 values at <paramref name="source"/> as int16 lanes (one 64-bit load).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> WidenEight(ref sbyte source) =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref source))).AsSByte());

    /// <summary>Widens int8 values to int16 (the layout the products read), vectorized when allowed.</summary>
    public static void Widen(ReadOnlySpan<sbyte> source, Span<short> destination, VectorWidth width)
    {
        int n = source.Length, i = 0;
        ref sbyte s = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source);
        ref short d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination[..n]);
        if (width != VectorWidth.Scalar)
        {
            for (; i <= n - Vector128<sbyte>.Count; i += Vector128<sbyte>.Count)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)i));
                lo.StoreUnsafe(ref d, (nuint)i);
                hi.StoreUnsafe(ref d, (nuint)(i + Vector128<short>.Count));
            }
            for (; i <= n - Vector128<short>.Count; i += Vector128<short>.Count)
            {
                WidenEight(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
    }
}
