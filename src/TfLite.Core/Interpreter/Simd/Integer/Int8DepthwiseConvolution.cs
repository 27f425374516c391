using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// int8 DEPTHWISE_CONV_2D with depth multiplier 1, equal bit for bit to <see cref="IntegerDepthwiseConv"/>:
/// channels are the vector lanes. (input + offset) lies in [-255, 255] and a weight in [-128, 127], so their
/// product fits int16 exactly; products are widened to int32 before they are summed. Padding taps are skipped as
/// in the reference.
/// </summary>
internal sealed class Int8DepthwiseConvolution
{
    private readonly QuantizedConvParams _p;
    private readonly Int8Requantizer _requantizer;
    private readonly Dims4 _input, _filter, _output;
    private readonly short[] _weights;
    private readonly int[] _bias;
    private readonly int _threads;
    private readonly VectorWidth _width;
    private readonly int[][] _sums;

    private Int8DepthwiseConvolution(in QuantizedConvParams p, in OutputStage stage, Dims4 input, Dims4 filter,
        ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, Dims4 output, int threads, VectorWidth width)
    {
        (_p, _input, _filter, _output) = (p, input, filter, output);
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
        if (depthMultiplier != 1 || p.FilterOffset != 0 || p.InputOffset is < -255 or > 255) return null;
        if (filter.D0 != 1 || filter.D3 != input.D3 || output.D3 != input.D3 || output.D0 != input.D0) return null;
        if (weights.Length != filter.FlatSize || (!bias.IsEmpty && bias.Length != output.D3)) return null;
        return new Int8DepthwiseConvolution(p, stage, input, filter, weights, bias, output, threads, width);
    }

    /// <summary>Convolves on the calling thread.</summary>
    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output) => RunPixels(input, output, 0, 0, PixelCount);

    /// <summary>Convolves, splitting output pixels over the plan's threads.</summary>
    public void Run(ReadOnlyMemory<byte> input, Memory<byte> output)
    {
        if (_threads == 1) Run(MemoryMarshal.Cast<byte, sbyte>(input.Span), MemoryMarshal.Cast<byte, sbyte>(output.Span));
        else
            PixelParallel.For(PixelCount, _threads, (t, start, end) =>
                RunPixels(MemoryMarshal.Cast<byte, sbyte>(input.Span), MemoryMarshal.Cast<byte, sbyte>(output.Span), t, start, end));
    }

    private int PixelCount => _output.D0 * _output.D1 * _output.D2;

    private void RunPixels(ReadOnlySpan<sbyte> input, Span<sbyte> output, int thread, int start, int end)
    {
        if (input.Length != _input.FlatSize || output.Length != _output.FlatSize)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        var sums = _sums[thread];
        int channels = _output.D3;
        for (int pixel = start; pixel < end; pixel++)
        {
            int outX = pixel % _output.D2, rest = pixel / _output.D2;
            int outY = rest % _output.D1, batch = rest / _output.D1;
            sums.AsSpan().Clear();
            int inYOrigin = outY * _p.StrideHeight - _p.PadHeight, inXOrigin = outX * _p.StrideWidth - _p.PadWidth;
            for (int fy = 0; fy < _filter.D1; fy++)
            {
                int inY = inYOrigin + _p.DilationHeight * fy;
                if (inY < 0 || inY >= _input.D1) continue;
                for (int fx = 0; fx < _filter.D2; fx++)
                {
                    int inX = inXOrigin + _p.DilationWidth * fx;
                    if (inX < 0 || inX >= _input.D2) continue;
                    AccumulateTap(input.Slice(_input.Offset(batch, inY, inX, 0), channels),
                        _weights.AsSpan((fy * _filter.D2 + fx) * channels, channels), sums);
                }
            }
            var y = output.Slice(pixel * channels, channels);
            _requantizer.Apply(sums, _bias, y);
        }
    }

    /// <summary>sums[c] += (x[c] + input offset) * w[c] for every channel.</summary>
    private void AccumulateTap(ReadOnlySpan<sbyte> x, ReadOnlySpan<short> w, Span<int> sums)
    {
        int n = sums.Length, c = 0;
        ref sbyte xr = ref MemoryMarshal.GetReference(x);
        ref short wr = ref MemoryMarshal.GetReference(w);
        ref int sr = ref MemoryMarshal.GetReference(sums);
        if (_width == VectorWidth.V256)
        {
            var offset = Vector256.Create((short)_p.InputOffset);
            for (; c <= n - Vector256<short>.Count; c += Vector256<short>.Count)
            {
                var (xl, xh) = Vector128.Widen(Vector128.LoadUnsafe(ref xr, (nuint)c));
                var product = (Vector256.Create(xl, xh) + offset) * Vector256.LoadUnsafe(ref wr, (nuint)c);
                var (pl, ph) = Vector256.Widen(product);
                (Vector256.LoadUnsafe(ref sr, (nuint)c) + pl).StoreUnsafe(ref sr, (nuint)c);
                (Vector256.LoadUnsafe(ref sr, (nuint)(c + Vector256<int>.Count)) + ph).StoreUnsafe(ref sr, (nuint)(c + Vector256<int>.Count));
            }
        }
        if (_width != VectorWidth.Scalar)
        {
            var offset = Vector128.Create((short)_p.InputOffset);
            for (; c <= n - Vector128<short>.Count; c += Vector128<short>.Count)
            {
                var xs = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(
                    ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref xr, c)))).AsSByte());
                var product = (xs + offset) * Vector128.LoadUnsafe(ref wr, (nuint)c);
                var (pl, ph) = Vector128.Widen(product);
                (Vector128.LoadUnsafe(ref sr, (nuint)c) + pl).StoreUnsafe(ref sr, (nuint)c);
                (Vector128.LoadUnsafe(ref sr, (nuint)(c + Vector128<int>.Count)) + ph).StoreUnsafe(ref sr, (nuint)(c + Vector128<int>.Count));
            }
        }
        for (; c < n; c++)
            Unsafe.Add(ref sr, c) = unchecked(Unsafe.Add(ref sr, c) + (Unsafe.Add(ref xr, c) + _p.InputOffset) * Unsafe.Add(ref wr, c));
    }
}
