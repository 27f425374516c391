using System.Numerics;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// RESIZE_BILINEAR on raw quantized values (input and output share scale and zero point, so no requantization), in
/// the two arithmetics a quantized model meets: TFLite's reference kernel (10-bit fixed-point source coordinates, the
/// four weighted corners summed in 20 fractional bits) and XNNPACK's (float source coordinates, 11-bit weights,
/// interpolated across then down), which LiteRT runs for 8-bit tensors.
/// </summary>
internal static class IntegerResizeBilinear
{
    private const int Bits10 = 1 << 10;

    /// <summary>TFLite's <c>ResizeBilinearInteger</c>: the result rounds half away from zero, or half up with
    /// <paramref name="singleRounding"/> (<c>TFLITE_SINGLE_ROUNDING</c>).</summary>
    public static void Tflite<T>(ReadOnlySpan<int> inShape, ReadOnlySpan<T> input, int outH, int outW, bool alignCorners,
        bool halfPixel, bool singleRounding, Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        int batches = inShape[0], inH = inShape[1], inW = inShape[2], depth = inShape[3];
        int scaleH = alignCorners && outH > 1 ? (Bits10 * (inH - 1) + (outH - 1) / 2) / (outH - 1) : (Bits10 * inH + outH / 2) / outH;
        int scaleW = alignCorners && outW > 1 ? (Bits10 * (inW - 1) + (outW - 1) / 2) / (outW - 1) : (Bits10 * inW + outW / 2) / outW;
        var o = 0;
        for (var b = 0; b < batches; b++)
            for (var y = 0; y < outH; y++)
            {
                var (iy, y0, y1) = FixedPointCoordinate(y, scaleH, halfPixel, inH);
                long dy = iy - y0 * Bits10;
                for (var x = 0; x < outW; x++)
                {
                    var (ix, x0, x1) = FixedPointCoordinate(x, scaleW, halfPixel, inW);
                    long dx = ix - x0 * Bits10;
                    for (var c = 0; c < depth; c++)
                    {
                        var sum = long.CreateTruncating(input[((b * inH + y0) * inW + x0) * depth + c]) * (Bits10 - dy) * (Bits10 - dx)
                                  + long.CreateTruncating(input[((b * inH + y1) * inW + x0) * depth + c]) * dy * (Bits10 - dx)
                                  + long.CreateTruncating(input[((b * inH + y0) * inW + x1) * depth + c]) * (Bits10 - dy) * dx
                                  + long.CreateTruncating(input[((b * inH + y1) * inW + x1) * depth + c]) * dy * dx;
                        var value = singleRounding ? (sum + (1 << 19)) >> 20 : (sum + (sum > 0 ? 1 << 19 : -(1 << 19))) / (1 << 20);
                        output[o++] = T.CreateTruncating(value);
                    }
                }
            }
    }

    /// <summary>XNNPACK's 8-bit bilinear kernel (<c>ibilinear</c>, with the weights its indirection setup packs): top and
    /// bottom rows interpolated across with an 11-bit horizontal weight, then the two blended with an 11-bit vertical
    /// weight, rounded half up out of 22 fractional bits.</summary>
    public static void Xnnpack<T>(ReadOnlySpan<int> inShape, ReadOnlySpan<T> input, int outH, int outW, bool alignCorners,
        bool halfPixel, Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        int batches = inShape[0], inH = inShape[1], inW = inShape[2], depth = inShape[3];
        var rows = XnnpackAxis(inH, outH, alignCorners, halfPixel);
        var columns = XnnpackAxis(inW, outW, alignCorners, halfPixel);
        var o = 0;
        for (var b = 0; b < batches; b++)
            for (var y = 0; y < outH; y++)
            {
                var (top, bottom, alphaV) = rows[y];
                for (var x = 0; x < outW; x++)
                {
                    var (left, right, alphaH) = columns[x];
                    for (var c = 0; c < depth; c++)
                    {
                        var tl = int.CreateTruncating(input[((b * inH + top) * inW + left) * depth + c]);
                        var tr = int.CreateTruncating(input[((b * inH + top) * inW + right) * depth + c]);
                        var bl = int.CreateTruncating(input[((b * inH + bottom) * inW + left) * depth + c]);
                        var br = int.CreateTruncating(input[((b * inH + bottom) * inW + right) * depth + c]);
                        var t = (tl << 11) + (tr - tl) * alphaH;
                        var d = (bl << 11) + (br - bl) * alphaH - t;
                        var acc = (t << 11) + d * alphaV;
                        output[o++] = T.CreateTruncating((acc + (1 << 21)) >> 22);
                    }
                }
            }
    }

    private static (int Scaled, int Lower, int Upper) FixedPointCoordinate(int value, int scale10, bool halfPixel, int size)
    {
        var scaled = halfPixel ? value * scale10 + scale10 / 2 - (1 << 9) : value * scale10;
        return (scaled, Math.Max(scaled / Bits10, 0), Math.Min((scaled + Bits10 - 1) / Bits10, size - 1));
    }

    // XNNPACK computes the source coordinate in float32: output * scale (TensorFlow's legacy mode, or align_corners), or
    // output * scale + (scale / 2 - 1/2) clamped into the input (half-pixel centers); the weight is the fraction
    // times 2048, rounded to nearest even.
    private static (int Low, int High, int Alpha)[] XnnpackAxis(int inSize, int outSize, bool alignCorners, bool halfPixel)
    {
        var adjust = alignCorners && outSize != 1 ? 1 : 0;
        var scale = (float)(inSize - adjust) / (outSize - adjust);
        var offset = 0.5f * scale - 0.5f;
        var axis = new (int, int, int)[outSize];
        for (var i = 0; i < outSize; i++)
        {
            var source = i * scale;
            if (halfPixel && !alignCorners) source = Math.Clamp(source + offset, 0f, inSize - 1);
            var low = (int)source;
            axis[i] = (low, Math.Min(low + 1, inSize - 1), (int)MathF.Round((source - low) * 2048f, MidpointRounding.ToEven));
        }
        return axis;
    }
}
