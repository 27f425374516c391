namespace TfLite.Core.Tests.TensorFlow.Infrastructure;

/// <summary>TensorFlow's documented op math written out plainly (NHWC, HWIO filters), the truth the converted graphs
/// are held to.</summary>
internal static class TfReference
{
    /// <summary>tf.nn.conv2d; SAME pads (k - 1) total with the extra row/column at the end, as TensorFlow does.</summary>
    public static float[] Conv2D(float[] x, int[] xs, float[] w, int[] ws, int stride, bool same, out int[] outShape)
    {
        var (n, h, wi, c) = (xs[0], xs[1], xs[2], xs[3]);
        var (kh, kw, ci, co) = (ws[0], ws[1], ws[2], ws[3]);
        var oh = same ? (h + stride - 1) / stride : (h - kh) / stride + 1;
        var ow = same ? (wi + stride - 1) / stride : (wi - kw) / stride + 1;
        var padTop = same ? Math.Max((oh - 1) * stride + kh - h, 0) / 2 : 0;
        var padLeft = same ? Math.Max((ow - 1) * stride + kw - wi, 0) / 2 : 0;
        outShape = [n, oh, ow, co];
        var y = new float[n * oh * ow * co];
        for (var b = 0; b < n; b++)
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++)
                    for (var o = 0; o < co; o++)
                    {
                        double sum = 0;
                        for (var ky = 0; ky < kh; ky++)
                            for (var kx = 0; kx < kw; kx++)
                            {
                                int iy = oy * stride + ky - padTop, ix = ox * stride + kx - padLeft;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= wi) continue;
                                for (var i = 0; i < ci; i++)
                                    sum += x[((b * h + iy) * wi + ix) * c + i] * w[((ky * kw + kx) * ci + i) * co + o];
                            }
                        y[((b * oh + oy) * ow + ox) * co + o] = (float)sum;
                    }
        return y;
    }

    /// <summary>tf.nn.depthwise_conv2d_native: output channel i * M + m reads input channel i with filter [.., i, m].</summary>
    public static float[] Depthwise(float[] x, int[] xs, float[] w, int[] ws, int stride, bool same, out int[] outShape)
    {
        var (n, h, wi, c) = (xs[0], xs[1], xs[2], xs[3]);
        var (kh, kw, m) = (ws[0], ws[1], ws[3]);
        var oh = same ? (h + stride - 1) / stride : (h - kh) / stride + 1;
        var ow = same ? (wi + stride - 1) / stride : (wi - kw) / stride + 1;
        var padTop = same ? Math.Max((oh - 1) * stride + kh - h, 0) / 2 : 0;
        var padLeft = same ? Math.Max((ow - 1) * stride + kw - wi, 0) / 2 : 0;
        outShape = [n, oh, ow, c * m];
        var y = new float[n * oh * ow * c * m];
        for (var b = 0; b < n; b++)
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++)
                    for (var i = 0; i < c; i++)
                        for (var q = 0; q < m; q++)
                        {
                            double sum = 0;
                            for (var ky = 0; ky < kh; ky++)
                                for (var kx = 0; kx < kw; kx++)
                                {
                                    int iy = oy * stride + ky - padTop, ix = ox * stride + kx - padLeft;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wi) continue;
                                    sum += x[((b * h + iy) * wi + ix) * c + i] * w[((ky * kw + kx) * c + i) * m + q];
                                }
                            y[((b * oh + oy) * ow + ox) * c * m + i * m + q] = (float)sum;
                        }
        return y;
    }

    /// <summary>tf.matmul of [n, k] by [k, u].</summary>
    public static float[] MatMul(float[] a, float[] b, int n, int k, int u)
    {
        var y = new float[n * u];
        for (var r = 0; r < n; r++)
            for (var j = 0; j < u; j++)
            {
                double sum = 0;
                for (var i = 0; i < k; i++) sum += a[r * k + i] * b[i * u + j];
                y[r * u + j] = (float)sum;
            }
        return y;
    }

    /// <summary>Adds a per-channel (last axis) vector.</summary>
    public static float[] AddChannels(float[] x, float[] v) => [.. x.Select((e, i) => e + v[i % v.Length])];

    /// <summary>Applies <paramref name="f"/> to every element.</summary>
    public static float[] Map(float[] x, Func<float, float> f) => [.. x.Select(f)];

    /// <summary>tf.nn.max_pool / avg_pool with VALID padding.</summary>
    public static float[] Pool(float[] x, int[] xs, int size, int stride, bool max)
    {
        var (n, h, w, c) = (xs[0], xs[1], xs[2], xs[3]);
        int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1;
        var y = new float[n * oh * ow * c];
        for (var b = 0; b < n; b++)
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++)
                    for (var ch = 0; ch < c; ch++)
                    {
                        var acc = max ? float.NegativeInfinity : 0f;
                        for (var ky = 0; ky < size; ky++)
                            for (var kx = 0; kx < size; kx++)
                            {
                                var v = x[((b * h + oy * stride + ky) * w + ox * stride + kx) * c + ch];
                                acc = max ? Math.Max(acc, v) : acc + v;
                            }
                        y[((b * oh + oy) * ow + ox) * c + ch] = max ? acc : acc / (size * size);
                    }
        return y;
    }

    /// <summary>tf.image.resize_bilinear with align_corners=False, half_pixel_centers=False (TF1's default): source
    /// coordinate = output coordinate * in / out.</summary>
    public static float[] ResizeBilinear(float[] x, int[] xs, int oh, int ow)
    {
        var (n, h, w, c) = (xs[0], xs[1], xs[2], xs[3]);
        var y = new float[n * oh * ow * c];
        float sy = (float)h / oh, sx = (float)w / ow;
        for (var b = 0; b < n; b++)
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++)
                {
                    float fy = oy * sy, fx = ox * sx;
                    int y0 = (int)MathF.Floor(fy), x0 = (int)MathF.Floor(fx);
                    int y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
                    float dy = fy - y0, dx = fx - x0;
                    for (var ch = 0; ch < c; ch++)
                    {
                        float V(int yy, int xx) => x[((b * h + yy) * w + xx) * c + ch];
                        var top = V(y0, x0) + (V(y0, x1) - V(y0, x0)) * dx;
                        var bottom = V(y1, x0) + (V(y1, x1) - V(y1, x0)) * dx;
                        y[((b * oh + oy) * ow + ox) * c + ch] = top + (bottom - top) * dy;
                    }
                }
        return y;
    }

    /// <summary>FakeQuant's nudging per TensorFlow's kernel (fake_quant_ops_functor.h, Nudge), all in float32:
    /// quant_min = 1 with narrow_range else 0, quant_max = 2^bits - 1, scale = (max - min) / (quant_max - quant_min),
    /// zero_point_from_min = quant_min - min / scale, clamped to [quant_min, quant_max] or rounded half away from zero;
    /// nudged_min = (quant_min - zero_point) * scale, nudged_max = (quant_max - zero_point) * scale.</summary>
    public static (float Min, float Max, float Scale, int ZeroPoint) Nudge(float min, float max, int bits, bool narrow)
    {
        float qmin = narrow ? 1 : 0, qmax = (1 << bits) - 1;
        var scale = (max - min) / (qmax - qmin);
        var zeroFromMin = qmin - min / scale;
        float zero = zeroFromMin < qmin ? qmin : zeroFromMin > qmax ? qmax : MathF.Round(zeroFromMin, MidpointRounding.AwayFromZero);
        return ((qmin - zero) * scale, (qmax - zero) * scale, scale, (int)zero);
    }

    /// <summary>FakeQuant's output per TensorFlow's kernel (fake_quant_ops_functor.h): nudge the zero point onto the
    /// integer grid in float32, clamp to the nudged range, then floor((clamped - nudged_min) * (1 / scale) + 0.5) *
    /// scale + nudged_min.</summary>
    public static float FakeQuant(float x, float min, float max, int bits, bool narrow, out float nudgedMin, out float nudgedMax)
    {
        (nudgedMin, nudgedMax, var scale, _) = Nudge(min, max, bits, narrow);
        var clamped = Math.Clamp(x, nudgedMin, nudgedMax);
        return MathF.Floor((clamped - nudgedMin) * (1f / scale) + 0.5f) * scale + nudgedMin;
    }

    /// <summary>
    /// TOCO's uint8 parameters of a range (tooling_util.h, GetQuantizationParamsFromMinMax), in double: scale =
    /// (max - min) / 255; the zero point from whichever end gives the smaller error, 0 - min / scale (error |min / scale|)
    /// or 255 - max / scale (error 255 + |max / scale|), clamped to [0, 255] and rounded half away from zero.
    /// </summary>
    public static (float Scale, int ZeroPoint) TocoUInt8(double min, double max)
    {
        var scale = (max - min) / 255.0;
        var fromMin = 0 - min / scale;
        var fromMax = 255 - max / scale;
        var zero = Math.Abs(min / scale) < 255 + Math.Abs(max / scale) ? fromMin : fromMax;
        var nudged = zero < 0 ? 0 : zero > 255 ? 255 : (int)Math.Round(zero, MidpointRounding.AwayFromZero);
        return ((float)scale, nudged);
    }
}
