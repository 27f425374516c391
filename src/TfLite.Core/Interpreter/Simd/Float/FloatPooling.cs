using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>
/// Float MAX_POOL_2D and AVERAGE_POOL_2D with channels as the vector lanes. Each lane folds the window's taps in the
/// reference's order (rows, then columns, clipped to the image) with the reference's operations (a sum or
/// <c>acc &lt; v ? v : acc</c>, then the division by the tap count and the clamp), so the results equal
/// <see cref="Pooling.Float"/> bit for bit. Channels past the last full vector take the reference's scalar loop.
/// </summary>
internal static class FloatPooling
{
    /// <summary>True for the kinds this covers (not L2).</summary>
    public static bool Covers(Pooling.Kind kind) => kind is Pooling.Kind.Max or Pooling.Kind.Average;

    /// <summary>Pools output pixels [pixelStart, pixelEnd) (pixels count over batch, height and width).</summary>
    public static void Run(Pooling.Kind kind, in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<float> input,
        ReadOnlySpan<int> outShape, Span<float> output, int pixelStart, int pixelEnd, VectorWidth width)
    {
        if (!Covers(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only MAX and AVERAGE pooling are vectorized.");
        var geometry = new Geometry(p, inShape[1], inShape[2], inShape[3], outShape[1], outShape[2], kind == Pooling.Kind.Max);
        if (input.Length != inShape[0] * inShape[1] * inShape[2] * inShape[3] || output.Length != inShape[0] * outShape[1] * outShape[2] * inShape[3]
            || pixelStart < 0 || pixelEnd > inShape[0] * outShape[1] * outShape[2])
            throw new ArgumentException("Input, output or pixel range does not match the shapes.");
        switch (width)
        {
            case VectorWidth.V512: RunPixels<Lanes512, Vector512<float>>(geometry, input, output, pixelStart, pixelEnd); break;
            case VectorWidth.V256: RunPixels<Lanes256, Vector256<float>>(geometry, input, output, pixelStart, pixelEnd); break;
            case VectorWidth.V128: RunPixels<Lanes128, Vector128<float>>(geometry, input, output, pixelStart, pixelEnd); break;
            default: throw new ArgumentOutOfRangeException(nameof(width), width, "Pooling needs a vector width.");
        }
    }

    private readonly record struct Geometry(ConvParams P, int InH, int InW, int Channels, int OutH, int OutW, bool Max);

    /// <summary>One output pixel's window: its input origin and the taps inside the image.</summary>
    private readonly record struct Window(int Batch, int Y, int X, int FyStart, int FyEnd, int FxStart, int FxEnd)
    {
        public int Count => (FyEnd - FyStart) * (FxEnd - FxStart);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPixels<TL, TV>(in Geometry g, ReadOnlySpan<float> input, Span<float> output, int pixelStart, int pixelEnd)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float y = ref MemoryMarshal.GetReference(output);
        var cursor = new PixelCursor(pixelStart, g.OutH, g.OutW);
        for (int pixel = pixelStart; pixel < pixelEnd; pixel++, cursor.Next())
        {
            int iy0 = cursor.Y * g.P.StrideH - g.P.PadH, ix0 = cursor.X * g.P.StrideW - g.P.PadW;
            var (fyStart, fyEnd) = WindowTaps.Inside(iy0, 1, g.InH, g.P.FilterH);
            var (fxStart, fxEnd) = WindowTaps.Inside(ix0, 1, g.InW, g.P.FilterW);
            var w = new Window(cursor.Batch, iy0, ix0, fyStart, fyEnd, fxStart, fxEnd);
            ref float yp = ref Unsafe.Add(ref y, pixel * g.Channels);
            int c = Channels<TL, TV>(g, ref x, w, ref yp, 0);
            // Narrower vectors for what is left (8 channels under Vector512), then the reference's scalar loop.
            if (TL.Count > Lanes256.Count) c = Channels<Lanes256, Vector256<float>>(g, ref x, w, ref yp, c);
            if (TL.Count > Lanes128.Count) c = Channels<Lanes128, Vector128<float>>(g, ref x, w, ref yp, c);
            for (; c < g.Channels; c++)
            {
                float acc = g.Max ? float.MinValue : 0f;
                for (int fy = w.FyStart; fy < w.FyEnd; fy++)
                    for (int fx = w.FxStart; fx < w.FxEnd; fx++)
                    {
                        float v = Unsafe.Add(ref x, ((w.Batch * g.InH + w.Y + fy) * g.InW + w.X + fx) * g.Channels + c);
                        acc = g.Max ? (acc < v ? v : acc) : acc + v;
                    }
                Unsafe.Add(ref yp, c) = FloatActivation.Clamp(g.Max ? acc : acc / w.Count, g.P.ActivationMin, g.P.ActivationMax);
            }
        }
    }

    /// <summary>Pools whole vectors of channels from <paramref name="c"/> on; returns the first channel left over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Channels<TL, TV>(in Geometry g, ref float x, in Window w, ref float yp, int c)
        where TL : struct, IFloatLanes<TL, TV> where TV : struct
    {
        int n = TL.Count, channels = g.Channels;
        TV lo = TL.Splat(g.P.ActivationMin), hi = TL.Splat(g.P.ActivationMax);
        for (; c + n <= channels; c += n)
        {
            TV acc = TL.Splat(g.Max ? float.MinValue : 0f);
            for (int fy = w.FyStart; fy < w.FyEnd; fy++)
            {
                ref float row = ref Unsafe.Add(ref x, ((w.Batch * g.InH + w.Y + fy) * g.InW + w.X) * channels + c);
                for (int fx = w.FxStart; fx < w.FxEnd; fx++)
                {
                    TV v = TL.Load(ref row, fx * channels);
                    acc = g.Max ? LaneOps.Max<TL, TV>(acc, v) : TL.Add(acc, v);
                }
            }
            if (!g.Max) acc = TL.Divide(acc, TL.Splat(w.Count));
            TL.Store(LaneOps.Clamp<TL, TV>(acc, lo, hi), ref yp, c);
        }
        return c;
    }
}
