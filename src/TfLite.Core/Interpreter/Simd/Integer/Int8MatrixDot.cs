using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// The inner products of the int8 GEMM-shaped kernels: one int16 input row (padded like the packed matrix) against
/// every row of a <see cref="PackedInt8Matrix"/>, four weight rows at a time. All widths give identical int32 sums;
/// V512 takes 32 lanes per multiply-add where AVX-512BW is present and the padded depth is a multiple of 32.
/// </summary>
internal static class Int8MatrixDot
{
    /// <summary>sums[r] = sum over k of a[k] * w[r, k], wrapping, for every row r.</summary>
    public static void DotRows(ReadOnlySpan<short> a, PackedInt8Matrix w, Span<int> sums, VectorWidth width)
    {
        int stride = w.Stride, rows = w.Rows;
        if (a.Length < stride || sums.Length < rows) throw new ArgumentException("Input row or sums too short.");
        ref short ar = ref MemoryMarshal.GetReference(a);
        ref short wr = ref MemoryMarshal.GetArrayDataReference(w.Values);
        ref int sr = ref MemoryMarshal.GetReference(sums);
        switch (width)
        {
            case VectorWidth.V512 when Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && stride % Vector512<short>.Count == 0:
                Dot512(ref ar, ref wr, ref sr, rows, stride);
                break;
            case VectorWidth.V256 or VectorWidth.V512:
                Dot256(ref ar, ref wr, ref sr, rows, stride);
                break;
            case VectorWidth.V128:
                Dot128(ref ar, ref wr, ref sr, rows, stride);
                break;
            default:
                for (int r = 0; r < rows; r++) Unsafe.Add(ref sr, r) = DotScalar(ref ar, ref Unsafe.Add(ref wr, r * stride), w.Depth);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot256(ref short a, ref short w, ref int sums, int rows, int stride)
    {
        int r = 0;
        for (; r <= rows - 4; r += 4)
        {
            ref short w0 = ref Unsafe.Add(ref w, r * stride);
            ref short w1 = ref Unsafe.Add(ref w0, stride);
            ref short w2 = ref Unsafe.Add(ref w1, stride);
            ref short w3 = ref Unsafe.Add(ref w2, stride);
            Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int k = 0; k < stride; k += Vector256<short>.Count)
            {
                var x = Vector256.LoadUnsafe(ref a, (nuint)k);
                s0 += Int16Products.MultiplyAddPairs(x, Vector256.LoadUnsafe(ref w0, (nuint)k));
                s1 += Int16Products.MultiplyAddPairs(x, Vector256.LoadUnsafe(ref w1, (nuint)k));
                s2 += Int16Products.MultiplyAddPairs(x, Vector256.LoadUnsafe(ref w2, (nuint)k));
                s3 += Int16Products.MultiplyAddPairs(x, Vector256.LoadUnsafe(ref w3, (nuint)k));
            }
            Sum4(s0, s1, s2, s3).StoreUnsafe(ref sums, (nuint)r);
        }
        for (; r < rows; r++)
        {
            ref short wr = ref Unsafe.Add(ref w, r * stride);
            Vector256<int> s = default;
            for (int k = 0; k < stride; k += Vector256<short>.Count)
                s += Int16Products.MultiplyAddPairs(Vector256.LoadUnsafe(ref a, (nuint)k), Vector256.LoadUnsafe(ref wr, (nuint)k));
            Unsafe.Add(ref sums, r) = Vector256.Sum(s);
        }
    }

    /// <summary><see cref="Dot256"/> with 32 int16 lanes per multiply-add (AVX-512BW; the stride a multiple of 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot512(ref short a, ref short w, ref int sums, int rows, int stride)
    {
        int r = 0;
        for (; r <= rows - 4; r += 4)
        {
            ref short w0 = ref Unsafe.Add(ref w, r * stride);
            ref short w1 = ref Unsafe.Add(ref w0, stride);
            ref short w2 = ref Unsafe.Add(ref w1, stride);
            ref short w3 = ref Unsafe.Add(ref w2, stride);
            Vector512<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int k = 0; k < stride; k += Vector512<short>.Count)
            {
                var x = Vector512.LoadUnsafe(ref a, (nuint)k);
                s0 += Avx512BW.MultiplyAddAdjacent(x, Vector512.LoadUnsafe(ref w0, (nuint)k));
                s1 += Avx512BW.MultiplyAddAdjacent(x, Vector512.LoadUnsafe(ref w1, (nuint)k));
                s2 += Avx512BW.MultiplyAddAdjacent(x, Vector512.LoadUnsafe(ref w2, (nuint)k));
                s3 += Avx512BW.MultiplyAddAdjacent(x, Vector512.LoadUnsafe(ref w3, (nuint)k));
            }
            // Wrapping integer sums: folding the halves first gives the same totals.
            Sum4(s0.GetLower() + s0.GetUpper(), s1.GetLower() + s1.GetUpper(), s2.GetLower() + s2.GetUpper(),
                s3.GetLower() + s3.GetUpper()).StoreUnsafe(ref sums, (nuint)r);
        }
        for (; r < rows; r++)
        {
            ref short wr = ref Unsafe.Add(ref w, r * stride);
            Vector512<int> s = default;
            for (int k = 0; k < stride; k += Vector512<short>.Count)
                s += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref a, (nuint)k), Vector512.LoadUnsafe(ref wr, (nuint)k));
            Unsafe.Add(ref sums, r) = Vector512.Sum(s);
        }
    }

    /// <summary>The four lane totals of four accumulators (horizontal adds on x64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Sum4(Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3)
    {
        if (!Avx2.IsSupported) return Vector128.Create(Vector256.Sum(s0), Vector256.Sum(s1), Vector256.Sum(s2), Vector256.Sum(s3));
        var h = Avx2.HorizontalAdd(Avx2.HorizontalAdd(s0, s1), Avx2.HorizontalAdd(s2, s3));
        return h.GetLower() + h.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot128(ref short a, ref short w, ref int sums, int rows, int stride)
    {
        int r = 0;
        for (; r <= rows - 4; r += 4)
        {
            ref short w0 = ref Unsafe.Add(ref w, r * stride);
            ref short w1 = ref Unsafe.Add(ref w0, stride);
            ref short w2 = ref Unsafe.Add(ref w1, stride);
            ref short w3 = ref Unsafe.Add(ref w2, stride);
            Vector128<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int k = 0; k < stride; k += Vector128<short>.Count)
            {
                var x = Vector128.LoadUnsafe(ref a, (nuint)k);
                s0 += Int16Products.MultiplyAddPairs(x, Vector128.LoadUnsafe(ref w0, (nuint)k));
                s1 += Int16Products.MultiplyAddPairs(x, Vector128.LoadUnsafe(ref w1, (nuint)k));
                s2 += Int16Products.MultiplyAddPairs(x, Vector128.LoadUnsafe(ref w2, (nuint)k));
                s3 += Int16Products.MultiplyAddPairs(x, Vector128.LoadUnsafe(ref w3, (nuint)k));
            }
            Unsafe.Add(ref sums, r) = Vector128.Sum(s0);
            Unsafe.Add(ref sums, r + 1) = Vector128.Sum(s1);
            Unsafe.Add(ref sums, r + 2) = Vector128.Sum(s2);
            Unsafe.Add(ref sums, r + 3) = Vector128.Sum(s3);
        }
        for (; r < rows; r++)
        {
            ref short wr = ref Unsafe.Add(ref w, r * stride);
            Vector128<int> s = default;
            for (int k = 0; k < stride; k += Vector128<short>.Count)
                s += Int16Products.MultiplyAddPairs(Vector128.LoadUnsafe(ref a, (nuint)k), Vector128.LoadUnsafe(ref wr, (nuint)k));
            Unsafe.Add(ref sums, r) = Vector128.Sum(s);
        }
    }

    private static int DotScalar(ref short a, ref short w, int depth)
    {
        int s = 0;
        for (int k = 0; k < depth; k++) s = unchecked(s + Unsafe.Add(ref a, k) * Unsafe.Add(ref w, k));
        return s;
    }
}
