using System.Numerics;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// An int8 weight matrix <c>[rows, depth]</c> widened once to int16 rows padded with zeros to a multiple of 16
/// (so vector loops have no tails), with each row's sum for folding the input offset into the bias.
/// </summary>
internal sealed class PackedInt8Matrix
{
    /// <summary>Row length after padding: a multiple of 16 int16 lanes (one Vector256).</summary>
    public static int PaddedDepth(int depth) => (depth + 15) & ~15;

    private PackedInt8Matrix(short[] values, int[] rowSums, int rows, int depth)
    {
        Values = values;
        RowSums = rowSums;
        Rows = rows;
        Depth = depth;
        Stride = PaddedDepth(depth);
    }

    /// <summary>Rows of <see cref="Stride"/> int16 values; the padding is zero.</summary>
    public short[] Values { get; }

    /// <summary>Sum of each row's weights (wrapping, as every int32 sum here).</summary>
    public int[] RowSums { get; }

    public int Rows { get; }

    public int Depth { get; }

    public int Stride { get; }

    /// <summary>Packs <paramref name="weights"/> laid out as <c>[rows, depth]</c>: int8 weights, or int16 values
    /// such as uint8 weights minus their zero point.</summary>
    public static PackedInt8Matrix Pack<T>(ReadOnlySpan<T> weights, int rows, int depth) where T : unmanaged, IBinaryInteger<T>
    {
        if (weights.Length != rows * depth)
            throw new ArgumentException($"{weights.Length} weights do not make a {rows} x {depth} matrix.", nameof(weights));
        int stride = PaddedDepth(depth);
        var values = new short[rows * stride];
        var sums = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * depth, depth);
            int sum = 0;
            for (int k = 0; k < depth; k++)
            {
                short value = short.CreateTruncating(row[k]);
                values[r * stride + k] = value;
                sum += value;
            }
            sums[r] = sum;
        }
        return new PackedInt8Matrix(values, sums, rows, depth);
    }

    /// <summary>
    /// TFLite's bias plus the input offset times each row's sum: sum((x + offset) * w) + bias equals
    /// sum(x * w) + (bias + offset * sum(w)) modulo 2^32, which is how int32 accumulators wrap.
    /// </summary>
    public int[] FoldInputOffset(ReadOnlySpan<int> bias, int inputOffset)
    {
        var folded = new int[Rows];
        for (int r = 0; r < Rows; r++)
            folded[r] = unchecked((bias.IsEmpty ? 0 : bias[r]) + inputOffset * RowSums[r]);
        return folded;
    }
}
