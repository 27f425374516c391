using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>
/// Float DEPTHWISE_CONV_2D with depth multiplier 1: channels are the vector lanes, and four vectors of channels stay
/// in accumulators across the whole window (taps outside the image skipped, as in the reference), one fused
/// multiply-add per tap and vector. The per-lane order of the sums is TFLite's (filter rows, then columns); only
/// FMA's single rounding differs from <see cref="DepthwiseConv.Float"/>. Channels past the last full vector take the
/// reference's scalar loop.
/// </summary>
internal sealed class FloatDepthwiseConvolution
{
    private readonly ConvParams _p;
    private readonly int _inH, _inW, _channels, _outH, _outW, _fH, _fW;
    private readonly VectorWidth _width;
    private readonly float[] _weights, _bias;

    private FloatDepthwiseConvolution(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<int> filterShape,
        ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape, VectorWidth width)
    {
        _p = p;
        (_inH, _inW, _channels) = (inShape[1], inShape[2], inShape[3]);
        (_outH, _outW) = (outShape[1], outShape[2]);
        (_fH, _fW) = (filterShape[1], filterShape[2]);
        _width = width;
        _weights = filter.ToArray();
        _bias = new float[_channels];
        bias.CopyTo(_bias);
    }

    /// <summary>A plan for a [1, H, W, C] filter over C input channels (multiplier 1) and a bias of C values or
    /// none, or null when the width is scalar or the shapes do not agree.</summary>
    public static FloatDepthwiseConvolution? TryCreate(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<int> filterShape,
        ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape, VectorWidth width)
    {
        if (width == VectorWidth.Scalar || inShape.Length != 4 || filterShape.Length != 4 || outShape.Length != 4) return null;
        int channels = inShape[3];
        if (filterShape[0] != 1 || filterShape[3] != channels || outShape[3] != channels || outShape[0] != inShape[0]) return null;
        if (filter.Length != filterShape[1] * filterShape[2] * channels || (!bias.IsEmpty && bias.Length != channels)) return null;
        return new FloatDepthwiseConvolution(p, inShape, filterShape, filter, bias, outShape, width);
    }

    /// <summary>Computes output pixels [pixelStart, pixelEnd) (pixels count over batch, height and width).</summary>
    public void Run(ReadOnlySpan<float> input, Span<float> output, int pixelStart, int pixelEnd)
    {
        int batches = input.Length / (_inH * _inW * _channels);
        if (input.Length != batches * _inH * _inW * _channels || output.Length != batches * _outH * _outW * _channels)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        if (pixelStart < 0 || pixelEnd > batches * _outH * _outW)
            throw new ArgumentOutOfRangeException(nameof(pixelEnd), "The pixel range lies outside the output.");
        switch (_width)
        {
            case VectorWidth.V512: RunPixels<Lanes512, Vector512<float>>(input, output, pixelStart, pixelEnd); break;
            case VectorWidth.V256: RunPixels<Lanes256, Vector256<float>>(input, output, pixelStart, pixelEnd); break;
            default: RunPixels<Lanes128, Vector128<float>>(input, output, pixelStart, pixelEnd); break;
        }
    }

    /// <summary>One output pixel's window: its input origin and the taps inside the image.</summary>
    private readonly record struct Window(int Batch, int Y, int X, int FyStart, int FyEnd, int FxStart, int FxEnd);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPixels<TL, TV>(ReadOnlySpan<float> input, Span<float> output, int pixelStart, int pixelEnd)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float y = ref MemoryMarshal.GetReference(output);
        int n = TL.Count, channels = _channels;
        var cursor = new PixelCursor(pixelStart, _outH, _outW);
        for (int pixel = pixelStart; pixel < pixelEnd; pixel++, cursor.Next())
        {
            int iy0 = cursor.Y * _p.StrideH - _p.PadH, ix0 = cursor.X * _p.StrideW - _p.PadW;
            var (fyStart, fyEnd) = WindowTaps.Inside(iy0, _p.DilationH, _inH, _fH);
            var (fxStart, fxEnd) = WindowTaps.Inside(ix0, _p.DilationW, _inW, _fW);
            var window = new Window(cursor.Batch, iy0, ix0, fyStart, fyEnd, fxStart, fxEnd);
            ref float yp = ref Unsafe.Add(ref y, pixel * channels);
            int c = 0;
            for (; c + 4 * n <= channels; c += 4 * n) Block4<TL, TV>(ref x, window, c, ref yp);
            for (; c + n <= channels; c += n) Block1<TL, TV>(ref x, window, c, ref yp);
            // Narrower vectors for what is left (8 channels under Vector512), then the scalar loop.
            if (n > Lanes256.Count)
                for (; c + Lanes256.Count <= channels; c += Lanes256.Count) Block1<Lanes256, Vector256<float>>(ref x, window, c, ref yp);
            if (n > Lanes128.Count)
                for (; c + Lanes128.Count <= channels; c += Lanes128.Count) Block1<Lanes128, Vector128<float>>(ref x, window, c, ref yp);
            for (; c < channels; c++) Unsafe.Add(ref yp, c) = Scalar(ref x, window, c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref float InputAt(ref float input, in Window w, int fy, int fx, int c) =>
        ref Unsafe.Add(ref input, ((w.Batch * _inH + w.Y + _p.DilationH * fy) * _inW + w.X + _p.DilationW * fx) * _channels + c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref float WeightAt(int fy, int fx, int c) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_weights), (fy * _fW + fx) * _channels + c);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block4<TL, TV>(ref float input, in Window w, int c, ref float y)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        int n = TL.Count, xStep = _p.DilationW * _channels;
        TV a0 = TL.Splat(0f), a1 = a0, a2 = a0, a3 = a0;
        for (int fy = w.FyStart; fy < w.FyEnd; fy++)
        {
            ref float xr = ref InputAt(ref input, w, fy, w.FxStart, c);
            ref float wr = ref WeightAt(fy, w.FxStart, c);
            for (int fx = w.FxStart; fx < w.FxEnd; fx++)
            {
                a0 = TL.MultiplyAdd(TL.Load(ref xr, 0), TL.Load(ref wr, 0), a0);
                a1 = TL.MultiplyAdd(TL.Load(ref xr, n), TL.Load(ref wr, n), a1);
                a2 = TL.MultiplyAdd(TL.Load(ref xr, 2 * n), TL.Load(ref wr, 2 * n), a2);
                a3 = TL.MultiplyAdd(TL.Load(ref xr, 3 * n), TL.Load(ref wr, 3 * n), a3);
                xr = ref Unsafe.Add(ref xr, xStep);
                wr = ref Unsafe.Add(ref wr, _channels);
            }
        }
        Write<TL, TV>(a0, c, ref y);
        Write<TL, TV>(a1, c + n, ref y);
        Write<TL, TV>(a2, c + 2 * n, ref y);
        Write<TL, TV>(a3, c + 3 * n, ref y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block1<TL, TV>(ref float input, in Window w, int c, ref float y)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        TV a = TL.Splat(0f);
        for (int fy = w.FyStart; fy < w.FyEnd; fy++)
            for (int fx = w.FxStart; fx < w.FxEnd; fx++)
                a = TL.MultiplyAdd(TL.Load(ref InputAt(ref input, w, fy, fx, c), 0), TL.Load(ref WeightAt(fy, fx, c), 0), a);
        Write<TL, TV>(a, c, ref y);
    }

    /// <summary>The reference's own loop for one channel past the last full vector.</summary>
    private float Scalar(ref float input, in Window w, int c)
    {
        float total = 0f;
        for (int fy = w.FyStart; fy < w.FyEnd; fy++)
            for (int fx = w.FxStart; fx < w.FxEnd; fx++)
                total += InputAt(ref input, w, fy, fx, c) * WeightAt(fy, fx, c);
        return FloatActivation.Clamp(total + _bias[c], _p.ActivationMin, _p.ActivationMax);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write<TL, TV>(TV a, int c, ref float y) where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        a = TL.Add(a, TL.Load(ref MemoryMarshal.GetArrayDataReference(_bias), c));
        TL.Store(LaneOps.Clamp<TL, TV>(a, TL.Splat(_p.ActivationMin), TL.Splat(_p.ActivationMax)), ref y, c);
    }
}
