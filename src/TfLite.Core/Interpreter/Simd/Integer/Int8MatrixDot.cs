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
                Dot<Lanes512, Vector512<short>, Vector512<int>>(ref ar, ref wr, ref sr, rows, stride);
                break;
            case VectorWidth.V256 or VectorWidth.V512:
                Dot<Lanes256, Vector256<short>, Vector256<int>>(ref ar, ref wr, ref sr, rows, stride);
                break;
            case VectorWidth.V128:
                Dot<Lanes128, Vector128<short>, Vector128<int>>(ref ar, ref wr, ref sr, rows, stride);
                break;
            default:
                for (int r = 0; r < rows; r++) Unsafe.Add(ref sr, r) = DotScalar(ref ar, ref Unsafe.Add(ref wr, r * stride), w.Depth);
                break;
        }
    }

    /// <summary>One vector width for <see cref="Dot{TLanes, TShort, TInt}"/>: int16 loads, pairwise multiply-adds
    /// into int32 lanes, and lane totals.</summary>
    private interface IDotLanes<TShort, TInt>
    {
        static abstract int Count { get; }

        static abstract TShort Load(ref short source, int index);

        static abstract TInt MultiplyAdd(TInt sum, TShort a, TShort b);

        static abstract int Sum(TInt sum);

        /// <summary>The four lane totals of four accumulators.</summary>
        static abstract Vector128<int> Sum4(TInt s0, TInt s1, TInt s2, TInt s3);
    }

    private readonly struct Lanes512 : IDotLanes<Vector512<short>, Vector512<int>>
    {
        public static int Count => Vector512<short>.Count;

        public static Vector512<short> Load(ref short source, int index) => Vector512.LoadUnsafe(ref source, (nuint)index);

        public static Vector512<int> MultiplyAdd(Vector512<int> sum, Vector512<short> a, Vector512<short> b) =>
            sum + Avx512BW.MultiplyAddAdjacent(a, b);

        public static int Sum(Vector512<int> sum) => Vector512.Sum(sum);

        // Wrapping integer sums: folding the halves first gives the same totals.
        public static Vector128<int> Sum4(Vector512<int> s0, Vector512<int> s1, Vector512<int> s2, Vector512<int> s3) =>
            Lanes256.Sum4(s0.GetLower() + s0.GetUpper(), s1.GetLower() + s1.GetUpper(), s2.GetLower() + s2.GetUpper(),
                s3.GetLower() + s3.GetUpper());
    }

    private readonly struct Lanes256 : IDotLanes<Vector256<short>, Vector256<int>>
    {
        public static int Count => Vector256<short>.Count;

        public static Vector256<short> Load(ref short source, int index) => Vector256.LoadUnsafe(ref source, (nuint)index);

        public static Vector256<int> MultiplyAdd(Vector256<int> sum, Vector256<short> a, Vector256<short> b) =>
            sum + Int16Products.MultiplyAddPairs(a, b);

        public static int Sum(Vector256<int> sum) => Vector256.Sum(sum);

        // Horizontal adds on x64.
        public static Vector128<int> Sum4(Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3)
        {
            if (!Avx2.IsSupported) return Vector128.Create(Vector256.Sum(s0), Vector256.Sum(s1), Vector256.Sum(s2), Vector256.Sum(s3));
            var h = Avx2.HorizontalAdd(Avx2.HorizontalAdd(s0, s1), Avx2.HorizontalAdd(s2, s3));
            return h.GetLower() + h.GetUpper();
        }
    }

    private readonly struct Lanes128 : IDotLanes<Vector128<short>, Vector128<int>>
    {
        public static int Count => Vector128<short>.Count;

        public static Vector128<short> Load(ref short source, int index) => Vector128.LoadUnsafe(ref source, (nuint)index);

        public static Vector128<int> MultiplyAdd(Vector128<int> sum, Vector128<short> a, Vector128<short> b) =>
            sum + Int16Products.MultiplyAddPairs(a, b);

        public static int Sum(Vector128<int> sum) => Vector128.Sum(sum);

        public static Vector128<int> Sum4(Vector128<int> s0, Vector128<int> s1, Vector128<int> s2, Vector128<int> s3) =>
            Vector128.Create(Vector128.Sum(s0), Vector128.Sum(s1), Vector128.Sum(s2), Vector128.Sum(s3));
    }

    /// <summary>Four weight rows at a time sharing each input load, then the remaining rows one by one; the stride
    /// is a multiple of the lane count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot<TLanes, TShort, TInt>(ref short a, ref short w, ref int sums, int rows, int stride)
        where TLanes : struct, IDotLanes<TShort, TInt> where TInt : struct
    {
        int r = 0;
        for (; r <= rows - 4; r += 4)
        {
            ref short w0 = ref Unsafe.Add(ref w, r * stride);
            ref short w1 = ref Unsafe.Add(ref w0, stride);
            ref short w2 = ref Unsafe.Add(ref w1, stride);
            ref short w3 = ref Unsafe.Add(ref w2, stride);
            TInt s0 = default, s1 = default, s2 = default, s3 = default;
            for (int k = 0; k < stride; k += TLanes.Count)
            {
                var x = TLanes.Load(ref a, k);
                s0 = TLanes.MultiplyAdd(s0, x, TLanes.Load(ref w0, k));
                s1 = TLanes.MultiplyAdd(s1, x, TLanes.Load(ref w1, k));
                s2 = TLanes.MultiplyAdd(s2, x, TLanes.Load(ref w2, k));
                s3 = TLanes.MultiplyAdd(s3, x, TLanes.Load(ref w3, k));
            }
            TLanes.Sum4(s0, s1, s2, s3).StoreUnsafe(ref sums, (nuint)r);
        }
        for (; r < rows; r++)
        {
            ref short wr = ref Unsafe.Add(ref w, r * stride);
            TInt s = default;
            for (int k = 0; k < stride; k += TLanes.Count)
                s = TLanes.MultiplyAdd(s, TLanes.Load(ref a, k), TLanes.Load(ref wr, k));
            Unsafe.Add(ref sums, r) = TLanes.Sum(s);
        }
    }

    private static int DotScalar(ref short a, ref short w, int depth)
    {
        int s = 0;
        for (int k = 0; k < depth; k++) s = unchecked(s + Unsafe.Add(ref a, k) * Unsafe.Add(ref w, k));
        return s;
    }
}
