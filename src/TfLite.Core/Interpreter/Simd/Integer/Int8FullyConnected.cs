using System.Runtime.InteropServices;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// int8 FULLY_CONNECTED with symmetric weights, equal bit for bit to <see cref="IntegerFullyConnected"/>: each input
/// row is widened once and multiplied with the weights packed at prepare; the input offset enters through the
/// weight row sums folded into the bias.
/// </summary>
internal sealed class Int8FullyConnected : IInt8Plan
{
    private readonly Int8Requantizer _requantizer;
    private readonly PackedInt8Matrix _weights;
    private readonly int _batches;
    private readonly VectorWidth _width;
    private readonly short[] _row;
    private readonly int[] _sums;

    private Int8FullyConnected(in OutputStage stage, PackedInt8Matrix weights, ReadOnlySpan<int> bias, int inputOffset,
        int batches, VectorWidth width)
    {
        (_weights, _batches) = (weights, batches);
        _width = VectorWidths.Clamp(width);
        _requantizer = new Int8Requantizer(stage, weights.Rows, weights.FoldInputOffset(bias, inputOffset), VectorWidths.Widest(_width));
        _row = new short[weights.Stride];
        _sums = new int[weights.Rows];
    }

    /// <summary>A plan for constant weights <c>[units, depth]</c>, or null with a filter offset.</summary>
    public static Int8FullyConnected? TryCreate(int inputOffset, int filterOffset, in OutputStage stage, int batches,
        int depth, int units, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, VectorWidth width)
    {
        if (filterOffset != 0 || weights.Length != units * depth || (!bias.IsEmpty && bias.Length != units)) return null;
        return new Int8FullyConnected(stage, PackedInt8Matrix.Pack(weights, units, depth), bias, inputOffset, batches, width);
    }

    public void Run(ReadOnlyMemory<byte> input, Memory<byte> output) =>
        Run(MemoryMarshal.Cast<byte, sbyte>(input.Span), MemoryMarshal.Cast<byte, sbyte>(output.Span));

    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        int depth = _weights.Depth, units = _weights.Rows;
        if (input.Length != _batches * depth || output.Length != _batches * units)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        for (int b = 0; b < _batches; b++)
        {
            Int16Products.Widen(input.Slice(b * depth, depth), _row, _width);
            Int8MatrixDot.DotRows(_row, _weights, _sums, VectorWidths.Widest(_width));
            var y = output.Slice(b * units, units);
            _requantizer.Apply(_sums, y);
        }
    }
}
