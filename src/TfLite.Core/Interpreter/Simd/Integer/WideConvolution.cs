using System.Runtime.CompilerServices;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// uint8 and int16x8 CONV_2D as a GEMM, equal bit for bit to <see cref="IntegerConv"/>: each output pixel's window
/// is gathered into one int16 row (padding taps hold the input zero point, which the offset cancels) and handed to a
/// <see cref="WideGemm"/>. Covers ungrouped convolutions.
/// </summary>
internal sealed class WideConvolution : PixelSplitPlan
{
    private readonly QuantizedConvParams _p;
    private readonly WideGemm _gemm;
    private readonly Dims4 _input, _filter, _output;
    private readonly bool _byteInput;
    private readonly short _padValue;
    private readonly PartBuffers<short> _rows;
    private readonly PartBuffers<int> _sums;
    private readonly PartBuffers<long> _totals;
    // Each filter tap's offset from the window's origin, in input rows and columns (dilation applied).
    private readonly int[] _tapRows, _tapColumns;

    private WideConvolution(in QuantizedConvParams p, WideGemm gemm, Dims4 input, Dims4 filter, Dims4 output,
        bool byteInput, int threads) : base(threads)
    {
        (_p, _gemm, _input, _filter, _output, _byteInput) = (p, gemm, input, filter, output, byteInput);
        _padValue = (short)-p.InputOffset;
        _tapRows = new int[filter.D1 * filter.D2];
        _tapColumns = new int[_tapRows.Length];
        for (int t = 0; t < _tapRows.Length; t++)
            (_tapRows[t], _tapColumns[t]) = (t / filter.D2 * p.DilationHeight, t % filter.D2 * p.DilationWidth);
        _rows = new PartBuffers<short>(Threads, gemm.Stride);
        _sums = new PartBuffers<int>(Threads, gemm.Rows);
        _totals = new PartBuffers<long>(Threads, gemm.TotalsLength);
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

    protected override int Pixels => _output.D0 * _output.D1 * _output.D2;

    protected override void BeforeParts(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != _input.FlatSize * WideInput.ElementSize(_byteInput) || output.Length != _output.FlatSize * _gemm.OutputElementSize)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void RunPixels(ReadOnlySpan<byte> input, Span<byte> output, int part, int start, int end)
    {
        Span<short> row = _rows[part];
        Span<int> sums = _sums[part];
        Span<long> totals = _totals[part];
        int pixelBytes = _output.D3 * _gemm.OutputElementSize;
        for (int pixel = start; pixel < end; pixel++)
        {
            int outX = pixel % _output.D2, rest = pixel / _output.D2;
            int outY = rest % _output.D1, batch = rest / _output.D1;
            Gather(input, batch, outY * _p.StrideHeight - _p.PadHeight, outX * _p.StrideWidth - _p.PadWidth, row);
            _gemm.Run(row, output.Slice(pixel * pixelBytes, pixelBytes), sums, totals);
        }
    }

    /// <summary>im2col for one output pixel: tap t of the filter's (y, x) order fills channels [t × depth, (t + 1) ×
    /// depth) of the row, from the input or, outside it, with the pad value.</summary>
    private void Gather(ReadOnlySpan<byte> input, int batch, int inYOrigin, int inXOrigin, Span<short> row)
    {
        int depth = _input.D3;
        for (int t = 0; t < _tapRows.Length; t++)
        {
            int inY = inYOrigin + _tapRows[t], inX = inXOrigin + _tapColumns[t];
            var taps = row.Slice(t * depth, depth);
            if ((uint)inY < (uint)_input.D1 && (uint)inX < (uint)_input.D2)
                WideInput.Read(input, _byteInput, _input.Offset(batch, inY, inX, 0), taps);
            else
                taps.Fill(_padValue);
        }
    }
}
