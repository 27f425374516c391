namespace TfLite.Core.Interpreter.Reference;

/// <summary>Float RESIZE_BILINEAR as TFLite's reference kernel (align_corners / half_pixel_centers).</summary>
internal static class ResizeBilinear
{
    private static (float Scaled, int Lower, int Upper) Interpolation(int value, float scale, bool halfPixel, int size)
    {
        float scaled = halfPixel ? (value + 0.5f) * scale - 0.5f : value * scale;
        int lower = Math.Max((int)MathF.Floor(scaled), 0);
        int upper = Math.Min((int)MathF.Ceiling(scaled), size - 1);
        return (scaled, lower, upper);
    }

    public static void Float(ReadOnlySpan<int> inShape, ReadOnlySpan<float> input, int outH, int outW, bool alignCorners, bool halfPixel, Span<float> output)
    {
        int batches = inShape[0], inH = inShape[1], inW = inShape[2], depth = inShape[3];
        float scaleH = inH / (float)outH, scaleW = inW / (float)outW;
        if (alignCorners && outH > 1) scaleH = (inH - 1) / (float)(outH - 1);
        if (alignCorners && outW > 1) scaleW = (inW - 1) / (float)(outW - 1);
        int o = 0;
        for (int b = 0; b < batches; b++)
            for (int y = 0; y < outH; y++)
            {
                var (iy, y0, y1) = Interpolation(y, scaleH, halfPixel, inH);
                for (int x = 0; x < outW; x++)
                {
                    var (ix, x0, x1) = Interpolation(x, scaleW, halfPixel, inW);
                    for (int c = 0; c < depth; c++)
                    {
                        float v00 = input[((b * inH + y0) * inW + x0) * depth + c], v10 = input[((b * inH + y1) * inW + x0) * depth + c];
                        float v01 = input[((b * inH + y0) * inW + x1) * depth + c], v11 = input[((b * inH + y1) * inW + x1) * depth + c];
                        output[o++] = v00 * (1 - (iy - y0)) * (1 - (ix - x0)) + v10 * (iy - y0) * (1 - (ix - x0)) +
                                      v01 * (1 - (iy - y0)) * (ix - x0) + v11 * (iy - y0) * (ix - x0);
                    }
                }
            }
    }
}
