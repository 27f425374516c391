using System.Runtime.CompilerServices;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// uint8 and int16x8 CONV_2D as a GEMM, equal bit for bit to <see cref="IntegerConv"/>: each output pixel's window
/// is gathered into one int16 row (padding taps hold the input zero point, which the offset cancels) and handed to a
/// <see cref="WideGemm"/>. Covers ungrouped convolutions.
/// </summary>
internal sealed class WideConvolution : IInt8Plan, IRangeWork
{
    private readonly QuantizedConvParams _p;
    private readonly WideGemm _gemm;
    private readonly Dims4 _input, _filter, _output;
    private readonly bool _byteInput;
    private readonly short _padValue;
    private readonly int _threads;
    private readonly short[][] _rows;
    private readonly WideGemm.Scratch[] _scratch;
    // The tensors of the split run in progress, for the parts (fields, not a closure, so that a run allocates nothing).
    private ReadOnlyMemory<byte> _runInput;
    private Memory<byte> _runOutput;

    private WideConvolution(in QuantizedConvParams p, WideGemm gemm, Dims4 input, Dims4 filter, Dims4 output,
        bool byteInput, int threads)
    {
        (_p, _gemm, _input, _filter, _output, _byteInput) = (p, gemm, input, filter, output, byteInput);
        _padValue = (short)-p.InputOffset;
        _threads = Math.Max(1, threads);
        _rows = new short[_threads][];
        _scratch = new WideGemm.Scratch[_threads];
        for (int t = 0; t < _threads; t++)
        {
            _rows[t] = new short[gemm.Stride];
            _scratch[t] = gemm.CreateScratch();
        }
    }

    /// <summary>A uint8 plan (uint8 input, weights and output), or null when the case is not covered.</summary>
    public static WideConvolution? TryCreateUInt8(in QuantizedConvParams p, in OutputStage stage, Dims4 input, Dims4 filter,
        ReadOnlySpan<byte> weights, ReadOnlySpan<int> bias, Dims4 output, int threads, VectorWidth width)
    {
        if (!WideInput.UInt8OffsetsFit(p.InputOffset, p.FilterOffset) || !Fits(input, filter, weights.Length, bias.Length, output))
            return null;
        var gemm = WideGemm.ForUInt8(weights, p.FilterOffset, filter.D0, Depth(filter), bias, p.InputOffset, stage, width);
        return new WideConvolution(p, gemm, input, filter, output, byteInput: true, threads);
    }

    /// <summary>An int16x8 plan (int16 input and output, int8 weights), or null when the case is not covered.</summary>
    public static WideConvolution? TryCreateInt16x8(in QuantizedConvParams p, in OutputStage stage, Dims4 input, Dims4 filter,
        ReadOnlySpan<sbyte> weights, bool int64, ReadOnlySpan<int> bias32, ReadOnlySpan<long> bias64, Dims4 output,
        int threads, VectorWidth width)
    {
        if (p.InputOffset != 0 || p.FilterOffset != 0 || !Fits(input, filter, weights.Length, Math.Max(bias32.Length, bias64.Length), output))
            return null;
        var gemm = WideGemm.ForInt16x8(weights, filter.D0, Depth(filter), int64, bias32, bias64, stage, width);
        return new WideConvolution(p, gemm, input, filter, output, byteInput: false, threads);
    }

    private static int Depth(Dims4 filter) => filter.D1 * filter.D2 * filter.D3;

    private static bool Fits(Dims4 input, Dims4 filter, int weights, int bias, Dims4 output) =>
        filter.D3 == input.D3 && output.D3 == filter.D0 && output.D0 == input.D0 && weights == filter.FlatSize
        && (bias == 0 || bias == filter.D0);

    /// <summary>Convolves, splitting output pixels over the plan's threads.</summary>
    public void Run(ReadOnlyMemory<byte> input, Memory<byte> output)
    {
        if (_threads == 1)
        {
            RunPixels(input.Span, output.Span, 0, 0, PixelCount);
            return;
        }
        (_runInput, _runOutput) = (input, output);
        try { RangeSplitter.ForCurrentThread.Run(PixelCount, _threads, this); }
        finally { (_runInput, _runOutput) = (default, default); }
    }

    void IRangeWork.Run(int part, int start, int end) => RunPixels(_runInput.Span, _runOutput.Span, part, start, end);

    private int PixelCount => _output.D0 * _output.D1 * _output.D2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPixels(ReadOnlySpan<byte> input, Span<byte> output, int thread, int start, int end)
    {
        int elementIn = WideInput.ElementSize(_byteInput), elementOut = _gemm.OutputElementSize;
        if (input.Length != _input.FlatSize * elementIn || output.Length != _output.FlatSize * elementOut)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        var row = _rows[thread];
        int pixelBytes = _output.D3 * elementOut;
        for (int pixel = start; pixel < end; pixel++)
        {
            int outX = pixel % _output.D2, rest = pixel / _output.D2;
            int outY = rest % _output.D1, batch = rest / _output.D1;
            Gather(input, batch, outY * _p.StrideHeight - _p.PadHeight, outX * _p.StrideWidth - _p.PadWidth, row);
            _gemm.Run(row, output.Slice(pixel * pixelBytes, pixelBytes), _scratch[thread]);
        }
    }

    /// <summary>im2col for one output pixel, in the filter's (y, x, channel) order.</summary>
    private void Gather(ReadOnlySpan<byte> input, int batch, int inYOrigin, int inXOrigin, Span<short> row)
    {
        int depth = _input.D3;
        for (int fy = 0, tap = 0; fy < _filter.D1; fy++)
        {
            int inY = inYOrigin + _p.DilationHeight * fy;
            bool rowInside = inY >= 0 && inY < _input.D1;
            for (int fx = 0; fx < _filter.D2; fx++, tap += depth)
            {
                int inX = inXOrigin + _p.DilationWidth * fx;
                var dst = row.Slice(tap, depth);
                if (!rowInside || inX < 0 || inX >= _input.D2) dst.Fill(_padValue);
                else WideInput.Read(input, _byteInput, _input.Offset(batch, inY, inX, 0), dst);
            }
        }
    }
}
