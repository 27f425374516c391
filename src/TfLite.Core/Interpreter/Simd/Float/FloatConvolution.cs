using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>
/// Float CONV_2D (and FULLY_CONNECTED, a 1x1 convolution over 1x1 images) as a register-blocked micro-kernel: four
/// output pixels times two vectors of output channels stay in eight accumulators across the whole window, each
/// input value broadcast once per pixel and multiplied into both weight vectors with a fused multiply-add. Weights
/// are packed at prepare as [channel block][tap][input channel][block width], zero-padded past the last channel,
/// so the inner loop reads them in order. Each sum runs over filter rows, columns and input channels in TFLite's
/// reference order; only FMA's single rounding (and a padding tap adding 0 * w instead of being skipped) differs
/// from <see cref="Conv.Float"/>, which stays the reference when SIMD is off. Ungrouped filters only.
/// </summary>
internal sealed class FloatConvolution
{
    private const int TilePixels = 4;

    private readonly ConvParams _p;
    private readonly int _inH, _inW, _inC, _outH, _outW, _outC, _fH, _fW;
    private readonly VectorWidth _width;
    private readonly int _blockWidth, _blockStride;
    private readonly float[] _packed, _bias, _zeroRow;

    private FloatConvolution(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<int> filterShape,
        ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape, VectorWidth width)
    {
        _p = p;
        (_inH, _inW, _inC) = (inShape[1], inShape[2], inShape[3]);
        (_outH, _outW, _outC) = (outShape[1], outShape[2], outShape[3]);
        (_fH, _fW) = (filterShape[1], filterShape[2]);
        _width = width;
        _blockWidth = 2 * (int)width / 32;
        int taps = _fH * _fW, blocks = (_outC + _blockWidth - 1) / _blockWidth;
        _blockStride = taps * _inC * _blockWidth;
        _packed = new float[blocks * _blockStride];
        for (int oc = 0; oc < _outC; oc++)
        {
            int block = oc / _blockWidth, lane = oc % _blockWidth;
            for (int k = 0; k < taps * _inC; k++)
                _packed[block * _blockStride + k * _blockWidth + lane] = filter[oc * taps * _inC + k];
        }
        _bias = new float[blocks * _blockWidth];
        bias.CopyTo(_bias);
        _zeroRow = new float[_inC];
    }

    /// <summary>A plan for an ungrouped OHWI filter (and a bias of <c>outC</c> values, or none), or null when the
    /// width is scalar or the shapes do not agree.</summary>
    public static FloatConvolution? TryCreate(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<int> filterShape,
        ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape, VectorWidth width)
    {
        if (width == VectorWidth.Scalar || inShape.Length != 4 || filterShape.Length != 4 || outShape.Length != 4) return null;
        if (filterShape[3] != inShape[3] || filterShape[0] != outShape[3] || inShape[0] != outShape[0]) return null;
        if (filter.Length != filterShape[0] * filterShape[1] * filterShape[2] * filterShape[3]) return null;
        if (!bias.IsEmpty && bias.Length != outShape[3]) return null;
        return new FloatConvolution(p, inShape, filterShape, filter, bias, outShape, Narrowed(width, outShape[3]));
    }

    /// <summary>The width whose two-vector block wastes the fewest lanes on few output channels (8 channels take
    /// Vector128, not a Vector512 block of 32 with 24 zero lanes).</summary>
    private static VectorWidth Narrowed(VectorWidth width, int channels)
    {
        while (width > VectorWidth.V128 && 2 * (int)width / 32 > channels + (int)width / 64) width = (VectorWidth)((int)width / 2);
        return width;
    }

    /// <summary>FULLY_CONNECTED [batches, depth] x [units, depth]^T as a 1x1 convolution.</summary>
    public static FloatConvolution? ForFullyConnected(int batches, int depth, int units, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, float actMin, float actMax, VectorWidth width) =>
        TryCreate(new ConvParams(1, 1, 1, 1, 0, 0, actMin, actMax), [batches, 1, 1, depth], [units, 1, 1, depth],
            weights, bias, [batches, 1, 1, units], width);

    /// <summary>Output pixels (batch x height x width): the unit <see cref="Run"/> splits by.</summary>
    public int PixelCount(int batches) => batches * _outH * _outW;

    /// <summary>Blocks of output channels, the other unit <see cref="Run"/> can split by (for a single pixel).</summary>
    public int BlockCount => (_outC + _blockWidth - 1) / _blockWidth;

    /// <summary>Computes output pixels [pixelStart, pixelEnd) for channel blocks [blockStart, blockEnd).</summary>
    public void Run(ReadOnlySpan<float> input, Span<float> output, int pixelStart, int pixelEnd, int blockStart, int blockEnd)
    {
        if (input.Length % (_inH * _inW * _inC) != 0 || output.Length != input.Length / (_inH * _inW * _inC) * _outH * _outW * _outC)
            throw new ArgumentException("Input or output length does not match the prepared shapes.");
        if (pixelStart < 0 || pixelEnd > output.Length / _outC || blockStart < 0 || blockEnd > BlockCount)
            throw new ArgumentOutOfRangeException(nameof(pixelEnd), "The pixel or block range lies outside the output.");
        switch (_width)
        {
            case VectorWidth.V512: RunTiles<Lanes512, Vector512<float>>(input, output, pixelStart, pixelEnd, blockStart, blockEnd); break;
            case VectorWidth.V256: RunTiles<Lanes256, Vector256<float>>(input, output, pixelStart, pixelEnd, blockStart, blockEnd); break;
            default: RunTiles<Lanes128, Vector128<float>>(input, output, pixelStart, pixelEnd, blockStart, blockEnd); break;
        }
    }

    /// <summary>Where an output pixel's window starts in the input.</summary>
    private readonly record struct Origin(int Batch, int Y, int X);

    /// <summary>The cursor's pixel's origin; moves the cursor to the next pixel.</summary>
    private Origin Take(ref PixelCursor cursor)
    {
        var origin = new Origin(cursor.Batch, cursor.Y * _p.StrideH - _p.PadH, cursor.X * _p.StrideW - _p.PadW);
        cursor.Next();
        return origin;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTiles<TL, TV>(ReadOnlySpan<float> input, Span<float> output, int pixelStart, int pixelEnd, int blockStart, int blockEnd)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        ref float x = ref MemoryMarshal.GetReference(input);
        int pixel = pixelStart;
        var cursor = new PixelCursor(pixelStart, _outH, _outW);
        for (; pixel + TilePixels <= pixelEnd; pixel += TilePixels)
        {
            Origin o0 = Take(ref cursor), o1 = Take(ref cursor), o2 = Take(ref cursor), o3 = Take(ref cursor);
            for (int block = blockStart; block < blockEnd; block++)
                Tile4<TL, TV>(ref x, o0, o1, o2, o3, block, output, pixel);
        }
        for (; pixel < pixelEnd; pixel++)
        {
            var o = Take(ref cursor);
            for (int block = blockStart; block < blockEnd; block++)
                Tile1<TL, TV>(ref x, o, block, output, pixel);
        }
    }

    /// <summary>The input channels under one tap of a pixel's window, or a row of zeros for a padding tap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref float Row(ref float input, in Origin o, int fy, int fx)
    {
        int iy = o.Y + _p.DilationH * fy, ix = o.X + _p.DilationW * fx;
        if ((uint)iy >= (uint)_inH || (uint)ix >= (uint)_inW) return ref MemoryMarshal.GetArrayDataReference(_zeroRow);
        return ref Unsafe.Add(ref input, ((o.Batch * _inH + iy) * _inW + ix) * _inC);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tile4<TL, TV>(ref float input, in Origin o0, in Origin o1, in Origin o2, in Origin o3, int block, Span<float> output, int pixel)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        TV a0 = TL.Splat(0f), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        ref float w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_packed), block * _blockStride);
        int n = TL.Count, depth = _inC;
        for (int fy = 0; fy < _fH; fy++)
            for (int fx = 0; fx < _fW; fx++)
            {
                ref float r0 = ref Row(ref input, o0, fy, fx);
                ref float r1 = ref Row(ref input, o1, fy, fx);
                ref float r2 = ref Row(ref input, o2, fy, fx);
                ref float r3 = ref Row(ref input, o3, fy, fx);
                for (int ic = 0; ic < depth; ic++)
                {
                    TV w0 = TL.Load(ref w, 0), w1 = TL.Load(ref w, n);
                    TV v = TL.Splat(Unsafe.Add(ref r0, ic));
                    a0 = TL.MultiplyAdd(v, w0, a0);
                    b0 = TL.MultiplyAdd(v, w1, b0);
                    v = TL.Splat(Unsafe.Add(ref r1, ic));
                    a1 = TL.MultiplyAdd(v, w0, a1);
                    b1 = TL.MultiplyAdd(v, w1, b1);
                    v = TL.Splat(Unsafe.Add(ref r2, ic));
                    a2 = TL.MultiplyAdd(v, w0, a2);
                    b2 = TL.MultiplyAdd(v, w1, b2);
                    v = TL.Splat(Unsafe.Add(ref r3, ic));
                    a3 = TL.MultiplyAdd(v, w0, a3);
                    b3 = TL.MultiplyAdd(v, w1, b3);
                    w = ref Unsafe.Add(ref w, 2 * n);
                }
            }
        Write<TL, TV>(a0, b0, block, output, pixel);
        Write<TL, TV>(a1, b1, block, output, pixel + 1);
        Write<TL, TV>(a2, b2, block, output, pixel + 2);
        Write<TL, TV>(a3, b3, block, output, pixel + 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tile1<TL, TV>(ref float input, in Origin o, int block, Span<float> output, int pixel)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        TV a = TL.Splat(0f), b = a;
        ref float w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_packed), block * _blockStride);
        int n = TL.Count, depth = _inC;
        for (int fy = 0; fy < _fH; fy++)
            for (int fx = 0; fx < _fW; fx++)
            {
                ref float r = ref Row(ref input, o, fy, fx);
                for (int ic = 0; ic < depth; ic++)
                {
                    TV v = TL.Splat(Unsafe.Add(ref r, ic));
                    a = TL.MultiplyAdd(v, TL.Load(ref w, 0), a);
                    b = TL.MultiplyAdd(v, TL.Load(ref w, n), b);
                    w = ref Unsafe.Add(ref w, 2 * n);
                }
            }
        Write<TL, TV>(a, b, block, output, pixel);
    }

    /// <summary>+ bias, the clamp, and the store of one pixel's block (through a buffer for the last, partial block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write<TL, TV>(TV a, TV b, int block, Span<float> output, int pixel)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        int n = TL.Count, c0 = block * _blockWidth;
        ref float bias = ref MemoryMarshal.GetArrayDataReference(_bias);
        TV lo = TL.Splat(_p.ActivationMin), hi = TL.Splat(_p.ActivationMax);
        a = LaneOps.Clamp<TL, TV>(TL.Add(a, TL.Load(ref bias, c0)), lo, hi);
        b = LaneOps.Clamp<TL, TV>(TL.Add(b, TL.Load(ref bias, c0 + n)), lo, hi);
        var y = output.Slice(pixel * _outC + c0);
        if (y.Length >= 2 * n && c0 + 2 * n <= _outC)
        {
            ref float yr = ref MemoryMarshal.GetReference(y);
            TL.Store(a, ref yr, 0);
            TL.Store(b, ref yr, n);
        }
        else StorePartial<TL, TV>(a, b, y[..(_outC - c0)]);
    }

    private static void StorePartial<TL, TV>(TV a, TV b, Span<float> y) where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        Span<float> buffer = stackalloc float[2 * Vector512<float>.Count];
        ref float br = ref MemoryMarshal.GetReference(buffer);
        TL.Store(a, ref br, 0);
        TL.Store(b, ref br, TL.Count);
        buffer[..y.Length].CopyTo(y);
    }
}
