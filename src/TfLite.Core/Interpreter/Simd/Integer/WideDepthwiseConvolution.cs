using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// uint8 and int16x8 DEPTHWISE_CONV_2D, equal bit for bit to <see cref="IntegerDepthwiseConv"/>, output channels in
/// int32 lanes. Each run first copies the input, plus its offset, into an int16 image with one channel per output
/// channel (a depth multiplier M repeats each channel M times) and a border of zeros as wide as the padding; a zero
/// adds nothing, as the reference's skipped taps, so every window is whole. uint8 values minus the zero point lie in
/// [-255, 255], weights minus theirs too: products fit int32 and sums wrap as TFLite's int32 accumulators do. int16
/// products are at most 2^22 in magnitude, so up to 511 taps sum exactly in int32 before the int64 total.
/// </summary>
internal sealed class WideDepthwiseConvolution : PixelSplitPlan
{
    /// <summary>Most taps whose int16x8 products sum exactly in int32: 2^22 × 511 &lt; 2^31.</summary>
    private const int MaxInt64Taps = 511;

    private readonly QuantizedConvParams _p;
    private readonly int _multiplier;
    private readonly bool _byteInput;
    private readonly WideRequantizer _requantizer;
    private readonly Dims4 _input, _filter, _output, _image;
    private readonly short[] _imageValues;
    // Offset in the image of each filter tap, in (y, x) order, from its window's first element.
    private readonly int[] _tapOffsets;
    private readonly int[] _weights;
    private readonly VectorWidth _width;
    private readonly PartBuffers<int> _sums;
    private readonly PartBuffers<long> _totals;

    private WideDepthwiseConvolution(in QuantizedConvParams p, int multiplier, bool byteInput, WideRequantizer requantizer,
        Dims4 input, Dims4 filter, Dims4 output, int[] weights, int threads, VectorWidth width)
        : base(threads)
    {
        (_p, _multiplier, _byteInput, _requantizer) = (p, multiplier, byteInput, requantizer);
        (_input, _filter, _output, _weights) = (input, filter, output, weights);
        // The image holds every tap any window reads: the padding before, and after up to the last window's end.
        int height = Math.Max(p.PadHeight + input.D1, (output.D1 - 1) * p.StrideHeight + p.DilationHeight * (filter.D1 - 1) + 1);
        int imageWidth = Math.Max(p.PadWidth + input.D2, (output.D2 - 1) * p.StrideWidth + p.DilationWidth * (filter.D2 - 1) + 1);
        _image = new Dims4(input.D0, height, imageWidth, output.D3);
        _imageValues = new short[_image.FlatSize];
        _tapOffsets = new int[filter.D1 * filter.D2];
        for (int t = 0; t < _tapOffsets.Length; t++)
            _tapOffsets[t] = (t / filter.D2 * p.DilationHeight * _image.D2 + t % filter.D2 * p.DilationWidth) * _image.D3;
        _width = VectorWidths.Clamp(width);
        _sums = new PartBuffers<int>(Threads, output.D3);
        _totals = new PartBuffers<long>(Threads, requantizer.Int64Sums ? output.D3 : 0);
    }

    /// <summary>A uint8 plan (uint8 input, weights and output), or null when the case is not covered.</summary>
    public static WideDepthwiseConvolution? TryCreateUInt8(in QuantizedConvParams p, int depthMultiplier, in OutputStage stage,
        Dims4 input, Dims4 filter, ReadOnlySpan<byte> weights, ReadOnlySpan<int> bias, Dims4 output, int threads, VectorWidth width)
    {
        if (!WideInput.UInt8OffsetsFit(p.InputOffset, p.FilterOffset) || !Fits(p, depthMultiplier, input, filter, weights.Length, bias.Length, output))
            return null;
        var centered = new int[weights.Length];
        for (int i = 0; i < weights.Length; i++) centered[i] = weights[i] + p.FilterOffset;
        var bounds = new long[output.D3];
        for (int c = 0; c < bounds.Length; c++)
            bounds[c] = filter.D1 * filter.D2 * 255L * 255L + (bias.IsEmpty ? 0 : Math.Abs((long)bias[c]));
        var requantizer = WideRequantizer.ForUInt8(stage, bias.IsEmpty ? new int[output.D3] : bias.ToArray(), bounds, width);
        return new WideDepthwiseConvolution(p, depthMultiplier, byteInput: true, requantizer, input, filter, output, centered,
            threads, width);
    }

    /// <summary>An int16x8 plan (int16 input and output, int8 weights), or null when the case is not covered.</summary>
    public static WideDepthwiseConvolution? TryCreateInt16x8(in QuantizedConvParams p, int depthMultiplier, in OutputStage stage,
        Dims4 input, Dims4 filter, ReadOnlySpan<sbyte> weights, bool int64, ReadOnlySpan<int> bias32, ReadOnlySpan<long> bias64,
        Dims4 output, int threads, VectorWidth width)
    {
        if (p.InputOffset != 0 || p.FilterOffset != 0 || (int64 && filter.D1 * filter.D2 > MaxInt64Taps)) return null;
        if (!Fits(p, depthMultiplier, input, filter, weights.Length, Math.Max(bias32.Length, bias64.Length), output)) return null;
        var wide = new int[weights.Length];
        for (int i = 0; i < weights.Length; i++) wide[i] = weights[i];
        var requantizer = int64
            ? WideRequantizer.ForInt16(stage, [], bias64.IsEmpty ? new long[output.D3] : bias64.ToArray(), width)
            : WideRequantizer.ForInt16(stage, bias32.IsEmpty ? new int[output.D3] : bias32.ToArray(), null, width);
        return new WideDepthwiseConvolution(p, depthMultiplier, byteInput: false, requantizer, input, filter, output, wide,
            threads, width);
    }

    private static bool Fits(in QuantizedConvParams p, int multiplier, Dims4 input, Dims4 filter, int weights, int bias, Dims4 output) =>
        multiplier >= 1 && filter.D0 == 1 && filter.D3 == output.D3 && output.D3 == input.D3 * multiplier
        && output.D0 == input.D0 && weights == filter.FlatSize && (bias == 0 || bias == output.D3)
        && p.PadHeight >= 0 && p.PadWidth >= 0;

    protected override int Pixels => _output.D0 * _output.D1 * _output.D2;

    /// <summary>Checks the lengths and fills the image every part reads.</summary>
    protected override void BeforeParts(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != _input.FlatSize * WideInput.ElementSize(_byteInput)
            || output.Length != _output.FlatSize * (_requantizer.ByteOutput ? 1 : 2))
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        FillImage(input);
    }

    /// <summary>Writes input + offset inside the zero border, each channel repeated multiplier times.</summary>
    private void FillImage(ReadOnlySpan<byte> input)
    {
        int channels = _input.D3, offset = _p.InputOffset;
        var values = MemoryMarshal.Cast<byte, short>(input);
        for (int b = 0; b < _input.D0; b++)
        for (int y = 0; y < _input.D1; y++)
        for (int x = 0; x < _input.D2; x++)
        {
            int source = _input.Offset(b, y, x, 0);
            var target = _imageValues.AsSpan(_image.Offset(b, y + _p.PadHeight, x + _p.PadWidth, 0), _image.D3);
            if (_multiplier == 1 && !_byteInput) values.Slice(source, channels).CopyTo(target);
            else if (_multiplier == 1) WideInput.Read(input, true, source, target);
            else
                for (int c = 0; c < channels; c++)
                    target.Slice(c * _multiplier, _multiplier).Fill((short)(_byteInput ? input[source + c] : values[source + c]));
            if (offset != 0)
                for (int c = 0; c < target.Length; c++) target[c] = (short)(target[c] + offset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void RunPixels(ReadOnlySpan<byte> input, Span<byte> output, int thread, int start, int end)
    {
        var sums = _sums[thread];
        int channels = _output.D3, elementOut = _requantizer.ByteOutput ? 1 : 2, pixelBytes = channels * elementOut;
        ref short image = ref MemoryMarshal.GetArrayDataReference(_imageValues);
        ref int weights = ref MemoryMarshal.GetArrayDataReference(_weights);
        for (int pixel = start; pixel < end; pixel++)
        {
            int outX = pixel % _output.D2, rest = pixel / _output.D2;
            int outY = rest % _output.D1, batch = rest / _output.D1;
            int origin = _image.Offset(batch, outY * _p.StrideHeight, outX * _p.StrideWidth, 0);
            int c = 0;
            if (_width == VectorWidth.V256)
                for (; c <= channels - Vector256<int>.Count; c += Vector256<int>.Count)
                    Accumulate256(ref image, ref weights, origin, c).StoreUnsafe(ref sums[0], (nuint)c);
            if (_width != VectorWidth.Scalar)
                for (; c <= channels - Vector128<int>.Count; c += Vector128<int>.Count)
                    Accumulate128(ref image, ref weights, origin, c).StoreUnsafe(ref sums[0], (nuint)c);
            for (; c < channels; c++) sums[c] = AccumulateScalar(ref image, ref weights, origin, c);
            var y = output.Slice(pixel * pixelBytes, pixelBytes);
            if (!_requantizer.Int64Sums)
            {
                _requantizer.Apply(sums, y);
                continue;
            }
            var totals = _totals[thread];
            for (int k = 0; k < channels; k++) totals[k] = sums[k];
            _requantizer.Apply(totals, y);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> Accumulate256(ref short image, ref int weights, int origin, int c)
    {
        Vector256<int> sum = default;
        int channels = _output.D3;
        ref int taps = ref MemoryMarshal.GetArrayDataReference(_tapOffsets);
        for (int t = 0; t < _tapOffsets.Length; t++)
        {
            var x = Vector128.LoadUnsafe(ref image, (nuint)(origin + Unsafe.Add(ref taps, t) + c));
            var xs = Avx2.IsSupported ? Avx2.ConvertToVector256Int32(x) : Vector256.Create(Vector128.WidenLower(x), Vector128.WidenUpper(x));
            sum += xs * Vector256.LoadUnsafe(ref weights, (nuint)(t * channels + c));
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<int> Accumulate128(ref short image, ref int weights, int origin, int c)
    {
        Vector128<int> sum = default;
        int channels = _output.D3;
        for (int t = 0; t < _tapOffsets.Length; t++)
        {
            long four = Unsafe.ReadUnaligned<long>(ref Unsafe.As<short, byte>(ref Unsafe.Add(ref image, origin + _tapOffsets[t] + c)));
            var xs = Vector128.WidenLower(Vector128.CreateScalarUnsafe(four).AsInt16());
            sum += xs * Vector128.LoadUnsafe(ref weights, (nuint)(t * channels + c));
        }
        return sum;
    }

    private int AccumulateScalar(ref short image, ref int weights, int origin, int c)
    {
        int sum = 0;
        for (int t = 0; t < _tapOffsets.Length; t++)
            sum = unchecked(sum + Unsafe.Add(ref image, origin + _tapOffsets[t] + c) * Unsafe.Add(ref weights, t * _output.D3 + c));
        return sum;
    }

}
