using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// A shallow int8 weight matrix <c>[rows, depth]</c> laid out with rows in vector lanes, for GEMMs whose depth is
/// too small to pay for a horizontal sum per output: blocks of eight rows, each block a run of depth pairs holding
/// the pair (k, k + 1) of all eight rows side by side as int16. A broadcast input pair times one block gives eight
/// partial sums at once (pmaddwd), so a pixel's eight outputs stay in one register. Missing rows and the odd
/// depth's last tap are zero weights.
/// </summary>
internal sealed class PairInterleavedInt8Matrix
{
    /// <summary>Rows (output channels) per block: the int32 lanes of a Vector256.</summary>
    public const int BlockRows = 8;

    private readonly short[] _values;

    private PairInterleavedInt8Matrix(short[] values, int rows, int pairs)
    {
        _values = values;
        Rows = rows;
        Pairs = pairs;
        Blocks = (rows + BlockRows - 1) / BlockRows;
    }

    public int Rows { get; }

    /// <summary>Depth pairs per block: half the depth, rounded up.</summary>
    public int Pairs { get; }

    public int Blocks { get; }

    /// <summary>Output rows padded to whole blocks: the length of one pixel's sums.</summary>
    public int PaddedRows => Blocks * BlockRows;

    /// <summary>Packs <paramref name="weights"/> laid out as <c>[rows, depth]</c>.</summary>
    public static PairInterleavedInt8Matrix Pack(ReadOnlySpan<sbyte> weights, int rows, int depth)
    {
        if (weights.Length != rows * depth)
            throw new ArgumentException($"{weights.Length} weights do not make a {rows} x {depth} matrix.", nameof(weights));
        int pairs = (depth + 1) / 2, blocks = (rows + BlockRows - 1) / BlockRows;
        var values = new short[blocks * pairs * BlockRows * 2];
        for (int r = 0; r < rows; r++)
        for (int k = 0; k < depth; k++)
            values[((r / BlockRows * pairs + k / 2) * BlockRows + r % BlockRows) * 2 + k % 2] = weights[r * depth + k];
        return new PairInterleavedInt8Matrix(values, rows, pairs);
    }

    /// <summary>
    /// sums[p * PaddedRows + r] = sum over k of rows[p * rowStride + k] * w[r, k], wrapping, for the four int16 input
    /// rows p = 0..3 (each at least 2 * Pairs long; a tap beyond the depth meets a zero weight). Four pixels share
    /// every weight load and keep four independent accumulator chains busy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DotFourRows(ReadOnlySpan<short> rows, int rowStride, Span<int> sums, VectorWidth width)
    {
        if (rowStride < 2 * Pairs || rows.Length < 3 * rowStride + 2 * Pairs || sums.Length < 4 * PaddedRows)
            throw new ArgumentException("Input rows or sums too short.");
        ref int a0 = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(rows));
        ref int a1 = ref Unsafe.Add(ref a0, rowStride / 2);
        ref int a2 = ref Unsafe.Add(ref a1, rowStride / 2);
        ref int a3 = ref Unsafe.Add(ref a2, rowStride / 2);
        ref short w = ref MemoryMarshal.GetArrayDataReference(_values);
        ref int s = ref MemoryMarshal.GetReference(sums);
        int padded = PaddedRows;
        if (rowStride % 2 != 0) throw new ArgumentException("Row stride must be even.", nameof(rowStride));
        for (int b = 0; b < Blocks; b++)
        {
            ref short wb = ref Unsafe.Add(ref w, b * Pairs * BlockRows * 2);
            ref int sb = ref Unsafe.Add(ref s, b * BlockRows);
            if (width == VectorWidth.V256)
                Block256(ref a0, ref a1, ref a2, ref a3, ref wb, ref sb, padded);
            else if (width == VectorWidth.V128)
                Block128(ref a0, ref a1, ref a2, ref a3, ref wb, ref sb, padded);
            else
                throw new ArgumentOutOfRangeException(nameof(width), "The lane layout needs vectors.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block256(ref int a0, ref int a1, ref int a2, ref int a3, ref short wb, ref int sb, int padded)
    {
        Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int k = 0; k < Pairs; k++)
        {
            var wk = Vector256.LoadUnsafe(ref wb, (nuint)(k * BlockRows * 2));
            s0 += Int16Products.MultiplyAddPairs(Vector256.Create(Unsafe.Add(ref a0, k)).AsInt16(), wk);
            s1 += Int16Products.MultiplyAddPairs(Vector256.Create(Unsafe.Add(ref a1, k)).AsInt16(), wk);
            s2 += Int16Products.MultiplyAddPairs(Vector256.Create(Unsafe.Add(ref a2, k)).AsInt16(), wk);
            s3 += Int16Products.MultiplyAddPairs(Vector256.Create(Unsafe.Add(ref a3, k)).AsInt16(), wk);
        }
        s0.StoreUnsafe(ref sb);
        s1.StoreUnsafe(ref sb, (nuint)padded);
        s2.StoreUnsafe(ref sb, (nuint)(2 * padded));
        s3.StoreUnsafe(ref sb, (nuint)(3 * padded));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block128(ref int a0, ref int a1, ref int a2, ref int a3, ref short wb, ref int sb, int padded)
    {
        const int half = BlockRows / 2;
        Vector128<int> l0 = default, l1 = default, l2 = default, l3 = default;
        Vector128<int> h0 = default, h1 = default, h2 = default, h3 = default;
        for (int k = 0; k < Pairs; k++)
        {
            var wl = Vector128.LoadUnsafe(ref wb, (nuint)(k * BlockRows * 2));
            var wh = Vector128.LoadUnsafe(ref wb, (nuint)(k * BlockRows * 2 + 2 * half));
            var x0 = Vector128.Create(Unsafe.Add(ref a0, k)).AsInt16();
            var x1 = Vector128.Create(Unsafe.Add(ref a1, k)).AsInt16();
            var x2 = Vector128.Create(Unsafe.Add(ref a2, k)).AsInt16();
            var x3 = Vector128.Create(Unsafe.Add(ref a3, k)).AsInt16();
            l0 += Int16Products.MultiplyAddPairs(x0, wl);
            h0 += Int16Products.MultiplyAddPairs(x0, wh);
            l1 += Int16Products.MultiplyAddPairs(x1, wl);
            h1 += Int16Products.MultiplyAddPairs(x1, wh);
            l2 += Int16Products.MultiplyAddPairs(x2, wl);
            h2 += Int16Products.MultiplyAddPairs(x2, wh);
            l3 += Int16Products.MultiplyAddPairs(x3, wl);
            h3 += Int16Products.MultiplyAddPairs(x3, wh);
        }
        l0.StoreUnsafe(ref sb);
        h0.StoreUnsafe(ref sb, half);
        l1.StoreUnsafe(ref sb, (nuint)padded);
        h1.StoreUnsafe(ref sb, (nuint)(padded + half));
        l2.StoreUnsafe(ref sb, (nuint)(2 * padded));
        h2.StoreUnsafe(ref sb, (nuint)(2 * padded + half));
        l3.StoreUnsafe(ref sb, (nuint)(3 * padded));
        h3.StoreUnsafe(ref sb, (nuint)(3 * padded + half));
    }
}
