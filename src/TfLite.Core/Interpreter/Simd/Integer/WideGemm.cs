using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// The GEMM of the uint8 and int16x8 convolution and fully connected plans: one int16 input row (padded like
/// <see cref="PackedInt8Matrix"/>) against constant weights widened to int16 at prepare, then the output stage.
/// <para>uint8: inputs in [0, 255] times weights minus their zero point in [-255, 255]; pairs of products fit int32
/// and the sums wrap like TFLite's int32 accumulators, so the input offset folds into the bias as in the int8 GEMM.</para>
/// <para>int16x8 with 64-bit accumulators: |x × w| &lt;= 2^15 × 2^7 = 2^22, so any <see cref="BlockDepth"/>
/// products sum exactly in int32 in any order; the blocks' sums are widened and added in int64, which is TFLite's
/// int64 sum. With an int32 bias TFLite sums in int32, and so does the single block here.</para>
/// </summary>
internal sealed class WideGemm
{
    /// <summary>Products summed in int32 before widening: the largest multiple of 16 with 2^22 × n &lt; 2^31.</summary>
    public const int BlockDepth = 496;

    private readonly PackedInt8Matrix[] _blocks;
    private readonly WideRequantizer _requantizer;
    private readonly VectorWidth _width;

    private WideGemm(PackedInt8Matrix[] blocks, int rows, int depth, WideRequantizer requantizer, VectorWidth width)
    {
        (_blocks, Rows, Depth, _requantizer) = (blocks, rows, depth, requantizer);
        _width = VectorWidths.Clamp(width);
    }

    /// <summary>Output channels.</summary>
    public int Rows { get; }

    /// <summary>Products per output.</summary>
    public int Depth { get; }

    /// <summary>Length of an input row: the depth padded to 16 (padding meets zero weights).</summary>
    public int Stride => PackedInt8Matrix.PaddedDepth(Depth);

    /// <summary>Bytes of one output element: 1 (uint8) or 2 (int16).</summary>
    public int OutputElementSize => _requantizer.ByteOutput ? 1 : 2;

    /// <summary>uint8 weights <c>[rows, depth]</c> with their offset (minus the zero point, in [-255, 0]) and an
    /// input offset in [-255, 0].</summary>
    public static WideGemm ForUInt8(ReadOnlySpan<byte> weights, int filterOffset, int rows, int depth, ReadOnlySpan<int> bias,
        int inputOffset, in OutputStage stage, VectorWidth width)
    {
        var centered = new short[weights.Length];
        for (int i = 0; i < weights.Length; i++) centered[i] = (short)(weights[i] + filterOffset);
        var matrix = PackedInt8Matrix.Pack<short>(centered, rows, depth);
        var bounds = new long[rows];
        for (int r = 0; r < rows; r++) bounds[r] = depth * 255L * 255L + (bias.IsEmpty ? 0 : Math.Abs((long)bias[r]));
        return new WideGemm([matrix], rows, depth,
            WideRequantizer.ForUInt8(stage, matrix.FoldInputOffset(bias, inputOffset), bounds, width), width);
    }

    /// <summary>int8 weights <c>[rows, depth]</c> of an int16x8 kernel; <paramref name="int64"/> chooses TFLite's
    /// 64-bit accumulators (then <paramref name="bias64"/>, else <paramref name="bias32"/>; either may be empty).</summary>
    public static WideGemm ForInt16x8(ReadOnlySpan<sbyte> weights, int rows, int depth, bool int64,
        ReadOnlySpan<int> bias32, ReadOnlySpan<long> bias64, in OutputStage stage, VectorWidth width)
    {
        if (!int64)
            return new WideGemm([PackedInt8Matrix.Pack(weights, rows, depth)], rows, depth,
                WideRequantizer.ForInt16(stage, bias32.IsEmpty ? new int[rows] : bias32.ToArray(), null, width), width);
        var blocks = new PackedInt8Matrix[(depth + BlockDepth - 1) / BlockDepth];
        for (int b = 0; b < blocks.Length; b++)
        {
            int start = b * BlockDepth, length = Math.Min(BlockDepth, depth - start);
            var block = new sbyte[rows * length];
            for (int r = 0; r < rows; r++) weights.Slice(r * depth + start, length).CopyTo(block.AsSpan(r * length));
            blocks[b] = PackedInt8Matrix.Pack<sbyte>(block, rows, length);
        }
        return new WideGemm(blocks, rows, depth,
            WideRequantizer.ForInt16(stage, [], bias64.IsEmpty ? new long[rows] : bias64.ToArray(), width), width);
    }

    /// <summary>Length of the int64 totals <see cref="Run"/> needs: <see cref="Rows"/>, or 0 when the sums fit 32 bits.</summary>
    public int TotalsLength => _requantizer.Int64Sums ? Rows : 0;

    /// <summary>The outputs of one input row, as the output tensor's bytes, using the caller's scratch: int32
    /// <paramref name="sums"/> of <see cref="Rows"/> values and int64 <paramref name="totals"/> of <see cref="TotalsLength"/>.</summary>
    public void Run(ReadOnlySpan<short> row, Span<byte> output, Span<int> sums, Span<long> totals)
    {
        if (!_requantizer.Int64Sums)
        {
            Int8MatrixDot.DotRows(row, _blocks[0], sums, _width);
            _requantizer.Apply(sums, output);
            return;
        }
        totals.Clear();
        for (int b = 0; b < _blocks.Length; b++)
        {
            Int8MatrixDot.DotRows(row[(b * BlockDepth)..], _blocks[b], sums, _width);
            for (int r = 0; r < totals.Length; r++) totals[r] += sums[r];
        }
        _requantizer.Apply(totals, output);
    }
}
