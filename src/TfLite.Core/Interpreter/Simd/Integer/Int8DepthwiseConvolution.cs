using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// int8 DEPTHWISE_CONV_2D, equal bit for bit to <see cref="IntegerDepthwiseConv"/>: output channels are the vector
/// lanes. With a depth multiplier M above 1 the input is first copied with each channel repeated M times, which
/// turns it into the multiplier-1 case (output channel c * M + m reads input channel c). (input + offset) lies in [-255, 255] and a weight in [-128, 127], so their
/// product fits int16 exactly; products are widened to int32 before they are summed. Padding taps are skipped as
/// in the reference.
/// </summary>
internal sealed class Int8DepthwiseConvolution : IInt8Plan, IRangeWork
{
    private readonly QuantizedConvParams _p;
    private readonly int _multiplier;
    private readonly sbyte[]? _expanded;
    private readonly Int8Requantizer _requantizer;
    private readonly Dims4 _input, _filter, _output;
    private readonly short[] _weights;
    private readonly int _threads;
    private readonly VectorWidth _width;
    private readonly PartBuffers<int> _sums;
    // Input elements between filter rows and between filter columns (dilation included).
    private readonly int _rowStep, _columnStep;
    // The tensors of the split run in progress, for the parts (fields, not a closure, so that a run allocates nothing).
    private ReadOnlyMemory<byte> _runInput;
    private Memory<byte> _runOutput;

    private Int8DepthwiseConvolution(in QuantizedConvParams p, int multiplier, in OutputStage stage, Dims4 input,
        Dims4 filter, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, Dims4 output, int threads, VectorWidth width)
    {
        // The kernel reads an input with one channel per output channel; with a multiplier that is the expanded copy.
        (_p, _multiplier, _input, _filter, _output) = (p, multiplier, input with { D3 = output.D3 }, filter, output);
        _expanded = multiplier == 1 ? null : new sbyte[_input.FlatSize];
        _weights = new short[weights.Length];
        for (int i = 0; i < weights.Length; i++) _weights[i] = weights[i];
        _threads = Math.Max(1, threads);
        _width = VectorWidths.Clamp(width);
        _requantizer = new Int8Requantizer(stage, output.D3, bias, VectorWidths.Widest(_width));
        _rowStep = p.DilationHeight * _input.D2 * _input.D3;
        _columnStep = p.DilationWidth * _input.D3;
        _sums = new PartBuffers<int>(_threads, output.D2 * output.D3);
    }

    /// <summary>A plan for these shapes and constant weights, or null when the case is not covered (a depth
    /// multiplier other than 1, a filter offset, shapes that do not agree).</summary>
    public static Int8DepthwiseConvolution? TryCreate(in QuantizedConvParams p, int depthMultiplier, in OutputStage stage,
        Dims4 input, Dims4 filter, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, Dims4 output, int threads,
        VectorWidth width)
    {
        if (depthMultiplier < 1 || p.FilterOffset != 0 || p.InputOffset is < -255 or > 255) return null;
        if (filter.D0 != 1 || filter.D3 != output.D3 || output.D3 != input.D3 * depthMultiplier || output.D0 != input.D0) return null;
        if (weights.Length != filter.FlatSize || (!bias.IsEmpty && bias.Length != output.D3)) return null;
        return new Int8DepthwiseConvolution(p, depthMultiplier, stage, input, filter, weights, bias, output, threads, width);
    }

    /// <summary>Convolves on the calling thread.</summary>
    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) => RunPixels(Expand(input), output, 0, 0, PixelCount);

    /// <summary>Convolves, splitting output pixels over the plan's threads.</summary>
    public void Run(ReadOnlyMemory<byte> input, Memory<byte> output)
    {
        if (_threads == 1)
        {
            Run(MemoryMarshal.Cast<byte, sbyte>(input.Span), MemoryMarshal.Cast<byte, sbyte>(output.Span));
            return;
        }
        Expand(MemoryMarshal.Cast<byte, sbyte>(input.Span));
        (_runInput, _runOutput) = (input, output);
        try { RangeSplitter.ForCurrentThread.Run(PixelCount, _threads, this); }
        finally { (_runInput, _runOutput) = (default, default); }
    }

    void IRangeWork.Run(int part, int start, int end) =>
        RunPixels(_expanded ?? MemoryMarshal.Cast<byte, sbyte>(_runInput.Span), MemoryMarshal.Cast<byte, sbyte>(_runOutput.Span), part, start, end);

    /// <summary>The input as the kernel reads it: itself, or each channel repeated multiplier times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<sbyte> Expand(ReadOnlySpan<sbyte> input)
    {
        if (_expanded is null) return input;
        if (input.Length * _multiplier != _expanded.Length)
            throw new ArgumentException("Input length does not match the prepared shape.");
        int i = 0, m = _multiplier;
        ref sbyte destination = ref MemoryMarshal.GetArrayDataReference(_expanded);
        // A 16-byte broadcast per input value while it fits: the next value's store overwrites what spills past
        // this value's channels, so no per-value call into Fill.
        if (m <= Vector128<sbyte>.Count)
            for (; i < input.Length && i * m + Vector128<sbyte>.Count <= _expanded.Length; i++)
                Vector128.Create(input[i]).StoreUnsafe(ref destination, (nuint)(i * m));
        for (; i < input.Length; i++)
            _expanded.AsSpan(i * m, m).Fill(input[i]);
        return _expanded;
    }

    private int PixelCount => _output.D0 * _output.D1 * _output.D2;

    /// <summary>Output pixels [start, end) a row segment at a time: each segment's sums are requantized in one call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPixels(ReadOnlySpan<sbyte> input, Span<sbyte> output, int thread, int start, int end)
    {
        if (input.Length != _input.FlatSize || output.Length != _output.FlatSize)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        var sums = _sums[thread];
        int channels = _output.D3, width = _output.D2;
        ref sbyte x = ref MemoryMarshal.GetReference(input);
        for (int pixel = start; pixel < end;)
        {
            int outX = pixel % width, row = pixel / width;
            int count = Math.Min(width - outX, end - pixel);
            AccumulateRow(ref x, row / _output.D1, row % _output.D1, outX, count, sums);
            _requantizer.Apply(sums, channels, output.Slice(pixel * channels, count * channels), count);
            pixel += count;
        }
    }

    /// <summary>The accumulators of <paramref name="count"/> output pixels of one row from <paramref name="outX"/>
    /// into sums[i * channels + c].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateRow(ref sbyte x, int batch, int outY, int outX, int count, Span<int> sums)
    {
        int channels = _output.D3, inY = outY * _p.StrideHeight - _p.PadHeight;
        var (fyStart, fyEnd) = ValidTaps(inY, _p.DilationHeight, _filter.D1, _input.D1);
        ref int s = ref MemoryMarshal.GetReference(sums);
        for (int i = 0; i < count; i++)
        {
            int inX = (outX + i) * _p.StrideWidth - _p.PadWidth;
            var (fxStart, fxEnd) = ValidTaps(inX, _p.DilationWidth, _filter.D2, _input.D2);
            // The window's top-left tap, which may lie in the padding (only valid taps are read).
            var w = new Window(((batch * _input.D1 + inY) * _input.D2 + inX) * channels, fyStart, fyEnd, fxStart, fxEnd);
            ref int pixelSums = ref Unsafe.Add(ref s, i * channels);
            int c = 0;
            short offset = (short)_p.InputOffset;
            if (_width == VectorWidth.V256)
            {
                for (; c <= channels - Vector256<short>.Count; c += Vector256<short>.Count)
                    Accumulate(new SixteenTaps256(offset), ref x, w, c, ref pixelSums);
                if (Avx2.IsSupported && c <= channels - Vector256<int>.Count)
                {
                    Accumulate(new EightTaps256(offset), ref x, w, c, ref pixelSums);
                    c += Vector256<int>.Count;
                }
            }
            if (_width != VectorWidth.Scalar)
                for (; c <= channels - Vector128<short>.Count; c += Vector128<short>.Count)
                    Accumulate(new EightTaps128(offset), ref x, w, c, ref pixelSums);
            for (; c < channels; c++) Accumulate(new OneTap(offset), ref x, w, c, ref pixelSums);
        }
    }

    /// <summary>Taps t in [start, end) with 0 &lt;= origin + dilation * t &lt; size (all of them, without a
    /// division, for a window inside the image).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int, int) ValidTaps(int origin, int dilation, int taps, int size)
    {
        if (origin >= 0 && origin + dilation * (taps - 1) < size) return (0, taps);
        int first = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
        int last = size - origin <= 0 ? 0 : Math.Min(taps, (size - origin + dilation - 1) / dilation);
        return (first, Math.Max(first, last));
    }

    /// <summary>The valid taps of one output pixel: filter rows and columns whose input lies inside the image, and
    /// the offset of the window's first tap (channel 0).</summary>
    private readonly record struct Window(int Origin, int FyStart, int FyEnd, int FxStart, int FxEnd);

    /// <summary>Channels [c, c + block) of one pixel's window into sums[c...], with the accumulator
    /// <paramref name="taps"/> of that block width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Accumulate<T>(T taps, ref sbyte x, in Window w, int c, ref int sums) where T : struct, IDepthwiseTaps
    {
        int channels = _output.D3, filterWidth = _filter.D2;
        DepthwiseTapWalk.Walk(ref taps, ref x, ref MemoryMarshal.GetArrayDataReference(_weights),
            w.Origin + c + w.FyStart * _rowStep + w.FxStart * _columnStep, (w.FyStart * filterWidth + w.FxStart) * channels + c,
            w.FyEnd - w.FyStart, w.FxEnd - w.FxStart, _rowStep, _columnStep, filterWidth * channels, channels);
        taps.Store(ref Unsafe.Add(ref sums, c));
    }
}
