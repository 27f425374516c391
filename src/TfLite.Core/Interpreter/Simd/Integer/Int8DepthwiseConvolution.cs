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
    private readonly int[] _bias;
    private readonly int _threads;
    private readonly VectorWidth _width;
    private readonly int[][] _sums;
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
        _bias = bias.IsEmpty ? new int[output.D3] : bias.ToArray();
        _threads = Math.Max(1, threads);
        _width = VectorWidths.Clamp(width);
        _requantizer = new Int8Requantizer(stage, output.D3, _width);
        _sums = new int[_threads][];
        for (int t = 0; t < _threads; t++) _sums[t] = new int[output.D3];
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
    private ReadOnlySpan<sbyte> Expand(ReadOnlySpan<sbyte> input)
    {
        if (_expanded is null) return input;
        if (input.Length * _multiplier != _expanded.Length)
            throw new ArgumentException("Input length does not match the prepared shape.");
        for (int i = 0, o = 0; i < input.Length; i++, o += _multiplier)
            _expanded.AsSpan(o, _multiplier).Fill(input[i]);
        return _expanded;
    }

    private int PixelCount => _output.D0 * _output.D1 * _output.D2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPixels(ReadOnlySpan<sbyte> input, Span<sbyte> output, int thread, int start, int end)
    {
        if (input.Length != _input.FlatSize || output.Length != _output.FlatSize)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        var sums = _sums[thread];
        int channels = _output.D3;
        ref sbyte x = ref MemoryMarshal.GetReference(input);
        for (int pixel = start; pixel < end; pixel++)
        {
            int outX = pixel % _output.D2, rest = pixel / _output.D2;
            int outY = rest % _output.D1, batch = rest / _output.D1;
            var window = new Window(this, batch, outY * _p.StrideHeight - _p.PadHeight, outX * _p.StrideWidth - _p.PadWidth);
            int c = 0;
            if (_width == VectorWidth.V256)
                for (; c <= channels - Vector256<short>.Count; c += Vector256<short>.Count)
                    Accumulate256(ref x, window, c, sums);
            if (_width != VectorWidth.Scalar)
                for (; c <= channels - Vector128<short>.Count; c += Vector128<short>.Count)
                    Accumulate128(ref x, window, c, sums);
            for (; c < channels; c++) sums[c] = AccumulateScalar(ref x, window, c);
            _requantizer.Apply(sums, _bias, output.Slice(pixel * channels, channels));
        }
    }

    /// <summary>The valid taps of one output pixel: filter rows and columns whose input lies inside the image.</summary>
    private readonly struct Window
    {
        public readonly int Batch, InY, InX, FyStart, FyEnd, FxStart, FxEnd;

        public Window(Int8DepthwiseConvolution k, int batch, int inY, int inX)
        {
            (Batch, InY, InX) = (batch, inY, inX);
            (FyStart, FyEnd) = ValidTaps(inY, k._p.DilationHeight, k._filter.D1, k._input.D1);
            (FxStart, FxEnd) = ValidTaps(inX, k._p.DilationWidth, k._filter.D2, k._input.D2);
        }

        /// <summary>Taps t in [start, end) with 0 &lt;= origin + dilation * t &lt; size.</summary>
        private static (int, int) ValidTaps(int origin, int dilation, int taps, int size)
        {
            int first = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
            int last = size - origin <= 0 ? 0 : Math.Min(taps, (size - origin + dilation - 1) / dilation);
            return (first, Math.Max(first, last));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate256(ref sbyte x, in Window w, int c, int[] sums)
    {
        int channels = _output.D3;
        var offset = Vector256.Create((short)_p.InputOffset);
        ref short wr = ref MemoryMarshal.GetArrayDataReference(_weights);
        Vector256<int> lo = default, hi = default;
        for (int fy = w.FyStart; fy < w.FyEnd; fy++)
        {
            int inY = w.InY + _p.DilationHeight * fy;
            for (int fx = w.FxStart; fx < w.FxEnd; fx++)
            {
                int inX = w.InX + _p.DilationWidth * fx;
                var bytes = Vector128.LoadUnsafe(ref x, (nuint)(_input.Offset(w.Batch, inY, inX, c)));
                var xs = Avx2.IsSupported ? Avx2.ConvertToVector256Int16(bytes) : Widen(bytes);
                var product = (xs + offset) * Vector256.LoadUnsafe(ref wr, (nuint)((fy * _filter.D2 + fx) * channels + c));
                var (pl, ph) = Vector256.Widen(product);
                lo += pl;
                hi += ph;
            }
        }
        ref int s = ref MemoryMarshal.GetArrayDataReference(sums);
        lo.StoreUnsafe(ref s, (nuint)c);
        hi.StoreUnsafe(ref s, (nuint)(c + Vector256<int>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate128(ref sbyte x, in Window w, int c, int[] sums)
    {
        int channels = _output.D3;
        var offset = Vector128.Create((short)_p.InputOffset);
        ref short wr = ref MemoryMarshal.GetArrayDataReference(_weights);
        Vector128<int> lo = default, hi = default;
        for (int fy = w.FyStart; fy < w.FyEnd; fy++)
        {
            int inY = w.InY + _p.DilationHeight * fy;
            for (int fx = w.FxStart; fx < w.FxEnd; fx++)
            {
                int inX = w.InX + _p.DilationWidth * fx;
                var xs = Int16Products.WidenEight(ref Unsafe.Add(ref x, _input.Offset(w.Batch, inY, inX, c)));
                var product = (xs + offset) * Vector128.LoadUnsafe(ref wr, (nuint)((fy * _filter.D2 + fx) * channels + c));
                var (pl, ph) = Vector128.Widen(product);
                lo += pl;
                hi += ph;
            }
        }
        ref int s = ref MemoryMarshal.GetArrayDataReference(sums);
        lo.StoreUnsafe(ref s, (nuint)c);
        hi.StoreUnsafe(ref s, (nuint)(c + Vector128<int>.Count));
    }

    private int AccumulateScalar(ref sbyte x, in Window w, int c)
    {
        int sum = 0, channels = _output.D3;
        for (int fy = w.FyStart; fy < w.FyEnd; fy++)
        {
            int inY = w.InY + _p.DilationHeight * fy;
            for (int fx = w.FxStart; fx < w.FxEnd; fx++)
            {
                int inX = w.InX + _p.DilationWidth * fx;
                sum = unchecked(sum + (Unsafe.Add(ref x, _input.Offset(w.Batch, inY, inX, c)) + _p.InputOffset) *
                    _weights[(fy * _filter.D2 + fx) * channels + c]);
            }
        }
        return sum;
    }

    private static Vector256<short> Widen(Vector128<sbyte> bytes)
    {
        var (lo, hi) = Vector128.Widen(bytes);
        return Vector256.Create(lo, hi);
    }
}
