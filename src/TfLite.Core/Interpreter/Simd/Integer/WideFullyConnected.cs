using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// uint8 and int16x8 FULLY_CONNECTED, equal bit for bit to <see cref="IntegerFullyConnected"/>: each input row is
/// read into int16 lanes once and handed to a <see cref="WideGemm"/>.
/// </summary>
internal sealed class WideFullyConnected : IInt8Plan
{
    private readonly WideGemm _gemm;
    private readonly int _batches;
    private readonly bool _byteInput;
    private readonly short[] _row;
    private readonly int[] _sums;
    private readonly long[] _totals;

    private WideFullyConnected(WideGemm gemm, int batches, bool byteInput)
    {
        (_gemm, _batches, _byteInput) = (gemm, batches, byteInput);
        _row = new short[gemm.Stride];
        _sums = new int[gemm.Rows];
        _totals = new long[gemm.TotalsLength];
    }

    /// <summary>A uint8 plan for constant weights <c>[units, depth]</c>, or null when the offsets do not fit.</summary>
    public static WideFullyConnected? TryCreateUInt8(int inputOffset, int filterOffset, in OutputStage stage, int batches,
        int depth, int units, ReadOnlySpan<byte> weights, ReadOnlySpan<int> bias, VectorWidth width)
    {
        if (!WideInput.UInt8OffsetsFit(inputOffset, filterOffset) || !Fits(depth, units, weights.Length, bias.Length)) return null;
        return new WideFullyConnected(WideGemm.ForUInt8(weights, filterOffset, units, depth, bias, inputOffset, stage, width),
            batches, byteInput: true);
    }

    /// <summary>An int16x8 plan for constant weights <c>[units, depth]</c>, or null with an input or filter offset.</summary>
    public static WideFullyConnected? TryCreateInt16x8(int inputOffset, int filterOffset, in OutputStage stage, int batches,
        int depth, int units, ReadOnlySpan<sbyte> weights, bool int64, ReadOnlySpan<int> bias32, ReadOnlySpan<long> bias64,
        VectorWidth width)
    {
        if (inputOffset != 0 || filterOffset != 0 || !Fits(depth, units, weights.Length, Math.Max(bias32.Length, bias64.Length)))
            return null;
        return new WideFullyConnected(WideGemm.ForInt16x8(weights, units, depth, int64, bias32, bias64, stage, width),
            batches, byteInput: false);
    }

    private static bool Fits(int depth, int units, int weights, int bias) =>
        depth > 0 && weights == units * depth && (bias == 0 || bias == units);

    public void Run(ReadOnlyMemory<byte> input, Memory<byte> output)
    {
        ReadOnlySpan<byte> x = input.Span;
        Span<byte> y = output.Span;
        int depth = _gemm.Depth, elementOut = _gemm.OutputElementSize, rowBytes = _gemm.Rows * elementOut;
        if (x.Length != _batches * depth * WideInput.ElementSize(_byteInput) || y.Length != _batches * rowBytes)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        for (int b = 0; b < _batches; b++)
        {
            WideInput.Read(x, _byteInput, b * depth, _row.AsSpan(0, depth));
            _gemm.Run(_row, y.Slice(b * rowBytes, rowBytes), _sums, _totals);
        }
    }
}
