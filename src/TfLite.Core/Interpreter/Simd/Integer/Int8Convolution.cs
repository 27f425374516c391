using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// int8 CONV_2D as a GEMM, equal bit for bit to <see cref="IntegerConv"/>: each output pixel's window is gathered
/// into one int16 row (padding taps hold the input zero point, so they add nothing once the offset is applied),
/// multiplied with the filter packed at prepare, and the input offset enters through per-channel weight sums folded
/// into the bias. Covers ungrouped convolutions with symmetric weights (TFLite's int8 rule).
/// </summary>
internal sealed class Int8Convolution : IInt8Plan, IRangeWork
{
    private readonly QuantizedConvParams _p;
    private readonly Int8Requantizer _requantizer;
    private readonly Dims4 _input, _filter, _output;
    private readonly PackedInt8Matrix _weights;
    // Shallow filters (a first layer's 3x3x3) keep output channels in lanes instead: no horizontal sums.
    private readonly PairInterleavedInt8Matrix? _lanes;
    private readonly short _padValue;
    // A 1x1 filter with stride 1 and no padding: each output pixel's row is its input pixel.
    private readonly bool _pointwise;
    private readonly int _threads;
    private readonly VectorWidth _width;
    private readonly PartBuffers<short> _rows;
    private readonly PartBuffers<int> _sums;
    // The tensors of the split run in progress, for the parts (fields, not a closure, so that a run allocates nothing).
    private ReadOnlyMemory<byte> _runInput;
    private Memory<byte> _runOutput;

    private Int8Convolution(in QuantizedConvParams p, in OutputStage stage, Dims4 input, Dims4 filter,
        PackedInt8Matrix weights, PairInterleavedInt8Matrix? lanes, ReadOnlySpan<int> bias, Dims4 output, int threads,
        VectorWidth width)
    {
        (_p, _input, _filter, _output, _weights) = (p, input, filter, output, weights);
        _padValue = (short)-p.InputOffset;
        _pointwise = filter.D1 == 1 && filter.D2 == 1 && p.StrideHeight == 1 && p.StrideWidth == 1 && p.PadHeight == 0
                     && p.PadWidth == 0 && input.D1 == output.D1 && input.D2 == output.D2;
        _threads = Math.Max(1, threads);
        _width = VectorWidths.Clamp(width);
        _requantizer = new Int8Requantizer(stage, weights.Rows, weights.FoldInputOffset(bias, p.InputOffset), VectorWidths.Widest(_width));
        _lanes = lanes;
        _rows = new PartBuffers<short>(_threads, LanePixels * weights.Stride);
        _sums = new PartBuffers<int>(_threads, LanePixels * (lanes?.PaddedRows ?? weights.Rows));
    }

    /// <summary>Output pixels computed together on the lane path.</summary>
    private const int LanePixels = 4;

    /// <summary>Deepest filter for the lane path: beyond it the per-output horizontal sums are cheap enough.</summary>
    private const int MaxLaneDepth = 64;

    /// <summary>A plan for these shapes and constant weights, or null when the case is not covered (grouped
    /// filters, a filter offset, shapes that do not agree).</summary>
    public static Int8Convolution? TryCreate(in QuantizedConvParams p, in OutputStage stage, Dims4 input, Dims4 filter,
        ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, Dims4 output, int threads, VectorWidth width)
    {
        if (p.FilterOffset != 0 || filter.D3 != input.D3 || output.D3 != filter.D0 || output.D0 != input.D0) return null;
        if (weights.Length != filter.FlatSize || (!bias.IsEmpty && bias.Length != filter.D0)) return null;
        if (p.InputOffset is < -255 or > 255) return null;
        int depth = filter.D1 * filter.D2 * filter.D3;
        var packed = PackedInt8Matrix.Pack(weights, filter.D0, depth);
        var lanes = depth <= MaxLaneDepth && VectorWidths.Clamp(width) != VectorWidth.Scalar
            ? PairInterleavedInt8Matrix.Pack(weights, filter.D0, depth) : null;
        return new Int8Convolution(p, stage, input, filter, packed, lanes, bias, output, threads, width);
    }

    /// <summary>Convolves on the calling thread.</summary>
    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) => RunPixels(input, output, 0, 0, PixelCount);

    /// <summary>Convolves, splitting output pixels over the plan's threads.</summary>
    public void Run(ReadOnlyMemory<byte> input, Memory<byte> output)
    {
        if (_threads == 1)
        {
            Run(MemoryMarshal.Cast<byte, sbyte>(input.Span), MemoryMarshal.Cast<byte, sbyte>(output.Span));
            return;
        }
        (_runInput, _runOutput) = (input, output);
        try { RangeSplitter.ForCurrentThread.Run(PixelCount, _threads, this); }
        finally { (_runInput, _runOutput) = (default, default); }
    }

    void IRangeWork.Run(int part, int start, int end) =>
        RunPixels(MemoryMarshal.Cast<byte, sbyte>(_runInput.Span), MemoryMarshal.Cast<byte, sbyte>(_runOutput.Span), part, start, end);

    private int PixelCount => _output.D0 * _output.D1 * _output.D2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPixels(ReadOnlySpan<sbyte> input, Span<sbyte> output, int thread, int start, int end)
    {
        if (input.Length != _input.FlatSize || output.Length != _output.FlatSize)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        if (_lanes is not null)
        {
            RunPixelsInLanes(input, output, _lanes, thread, start, end);
            return;
        }
        var row = _rows[thread];
        var sums = _sums[thread];
        int channels = _output.D3;
        var at = PixelPosition.Of(start, _output);
        for (int pixel = start; pixel < end; pixel++, at = at.Next(_output))
        {
            GatherPixel(input, pixel, at, row);
            Int8MatrixDot.DotRows(row, _weights, sums, VectorWidths.Widest(_width));
            var y = output.Slice(pixel * channels, channels);
            _requantizer.Apply(sums, y);
        }
    }

    /// <summary>Four pixels at a time: gathered into four rows, dotted with channels in lanes, then requantized.
    /// A last group of fewer pixels recomputes stale rows and stores only its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPixelsInLanes(ReadOnlySpan<sbyte> input, Span<sbyte> output, PairInterleavedInt8Matrix lanes,
        int thread, int start, int end)
    {
        var rows = _rows[thread];
        var sums = _sums[thread];
        int channels = _output.D3, stride = _weights.Stride, padded = lanes.PaddedRows;
        var at = PixelPosition.Of(start, _output);
        for (int first = start; first < end; first += LanePixels)
        {
            int count = Math.Min(LanePixels, end - first);
            for (int i = 0; i < count; i++, at = at.Next(_output))
                GatherPixel(input, first + i, at, rows.Slice(i * stride, stride));
            lanes.DotFourRows(rows, stride, sums, _width);
            _requantizer.Apply(sums, padded, output.Slice(first * channels, count * channels), count);
        }
    }

    /// <summary>The row of output pixel <paramref name="pixel"/> at <paramref name="at"/>: a pointwise convolution's
    /// is the input pixel itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void GatherPixel(ReadOnlySpan<sbyte> input, int pixel, PixelPosition at, Span<short> row)
    {
        int depth = _input.D3;
        if (_pointwise) Widen(input.Slice(pixel * depth, depth), row[..depth]);
        else Gather(input, at.Batch, at.Y * _p.StrideHeight - _p.PadHeight, at.X * _p.StrideWidth - _p.PadWidth, row);
    }

    /// <summary>im2col for one output pixel, in the filter's (y, x, channel) order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(ReadOnlySpan<sbyte> input, int batch, int inYOrigin, int inXOrigin, Span<short> row)
    {
        int depth = _input.D3;
        if (row.Length < _filter.D1 * _filter.D2 * depth) throw new ArgumentException("Row too short.", nameof(row));
        // Without dilation a filter row inside the image reads one contiguous run of the input.
        bool columnsInside = _p.DilationWidth == 1 && inXOrigin >= 0 && inXOrigin + _filter.D2 <= _input.D2;
        int rowLength = _filter.D2 * depth;
        for (int fy = 0, tap = 0; fy < _filter.D1; fy++)
        {
            int inY = inYOrigin + _p.DilationHeight * fy;
            bool rowInside = inY >= 0 && inY < _input.D1;
            if (rowInside && columnsInside)
            {
                int from = _input.Offset(batch, inY, inXOrigin, 0);
                // A short filter row (a one-channel image's three taps) as one 8-byte load: what lands past it is
                // overwritten by the taps written next or lies in the row's padding, which meets zero weights.
                if (rowLength < Vector128<short>.Count && _width != VectorWidth.Scalar
                    && from + Vector128<short>.Count <= input.Length && tap + Vector128<short>.Count <= row.Length)
                    Int16Products.WidenEight(ref Unsafe.AsRef(in input[from])).StoreUnsafe(ref row[tap]);
                else
                    Widen(input.Slice(from, rowLength), row.Slice(tap, rowLength));
                tap += rowLength;
                continue;
            }
            for (int fx = 0; fx < _filter.D2; fx++, tap += depth)
            {
                int inX = inXOrigin + _p.DilationWidth * fx;
                if (!rowInside || inX < 0 || inX >= _input.D2)
                    row.Slice(tap, depth).Fill(_padValue);
                else
                    Widen(input.Slice(_input.Offset(batch, inY, inX, 0), depth), row.Slice(tap, depth));
            }
        }
    }

    /// <summary>int8 to int16, with a short run inline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Widen(ReadOnlySpan<sbyte> source, Span<short> destination)
    {
        if (source.Length < 2 * Vector128<short>.Count && _width != VectorWidth.Scalar) WidenFew(source, destination);
        else Int16Products.Widen(source, destination, _width);
    }

    /// <summary>A shallow tap (up to fifteen channels: a first layer's one to three, a small layer's eight): eight at
    /// a time with one 64-bit load, then a plain loop; cheaper than a call into the general widening.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WidenFew(ReadOnlySpan<sbyte> source, Span<short> destination)
    {
        ref sbyte s = ref MemoryMarshal.GetReference(source);
        ref short d = ref MemoryMarshal.GetReference(destination);
        int c = 0;
        if (source.Length >= Vector128<short>.Count)
        {
            Int16Products.WidenEight(ref s).StoreUnsafe(ref d);
            c = Vector128<short>.Count;
        }
        for (; c < source.Length; c++) Unsafe.Add(ref d, c) = Unsafe.Add(ref s, c);
    }
}
