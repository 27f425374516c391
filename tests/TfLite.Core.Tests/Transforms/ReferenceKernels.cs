using Xunit;
namespace TfLite.Core.Tests.Transforms;

/// <summary>
/// Plain float reference implementations of the affine operators, written for the tests from the operators'
/// definitions (NHWC activations; CONV_2D and TRANSPOSE_CONV weights OHWI; DEPTHWISE_CONV_2D weights [1,H,W,C*M];
/// FULLY_CONNECTED weights [out,in]); VALID padding, computed in double.
/// </summary>
internal static class ReferenceKernels
{
    public static float[] Conv2D(float[] x, int[] xs, float[] w, int[] ws, float[]? bias, int stride)
    {
        var (n, h, wd, c) = (xs[0], xs[1], xs[2], xs[3]);
        var (o, kh, kw) = (ws[0], ws[1], ws[2]);
        var (oh, ow) = ((h - kh) / stride + 1, (wd - kw) / stride + 1);
        var y = new float[n * oh * ow * o];
        for (var b = 0; b < n; b++)
            for (var i = 0; i < oh; i++)
                for (var j = 0; j < ow; j++)
                    for (var oc = 0; oc < o; oc++)
                    {
                        double sum = bias?[oc] ?? 0;
                        for (var p = 0; p < kh; p++)
                            for (var q = 0; q < kw; q++)
                                for (var ic = 0; ic < c; ic++)
                                    sum += (double)x[((b * h + i * stride + p) * wd + j * stride + q) * c + ic]
                                        * w[((oc * kh + p) * kw + q) * c + ic];
                        y[((b * oh + i) * ow + j) * o + oc] = (float)sum;
                    }
        return y;
    }

    public static float[] DepthwiseConv2D(float[] x, int[] xs, float[] w, int[] ws, float[]? bias, int multiplier)
    {
        var (n, h, wd, c) = (xs[0], xs[1], xs[2], xs[3]);
        var (kh, kw, oc) = (ws[1], ws[2], ws[3]);
        var (oh, ow) = (h - kh + 1, wd - kw + 1);
        var y = new float[n * oh * ow * oc];
        for (var b = 0; b < n; b++)
            for (var i = 0; i < oh; i++)
                for (var j = 0; j < ow; j++)
                    for (var ic = 0; ic < c; ic++)
                        for (var m = 0; m < multiplier; m++)
                        {
                            var ch = ic * multiplier + m;
                            double sum = bias?[ch] ?? 0;
                            for (var p = 0; p < kh; p++)
                                for (var q = 0; q < kw; q++)
                                    sum += (double)x[((b * h + i + p) * wd + j + q) * c + ic] * w[(p * kw + q) * oc + ch];
                            y[((b * oh + i) * ow + j) * oc + ch] = (float)sum;
                        }
        return y;
    }

    public static float[] FullyConnected(float[] x, int batch, float[] w, int[] ws, float[]? bias)
    {
        var (o, inner) = (ws[0], ws[1]);
        var y = new float[batch * o];
        for (var b = 0; b < batch; b++)
            for (var oc = 0; oc < o; oc++)
            {
                double sum = bias?[oc] ?? 0;
                for (var k = 0; k < inner; k++) sum += (double)x[b * inner + k] * w[oc * inner + k];
                y[b * o + oc] = (float)sum;
            }
        return y;
    }

    /// <summary>Transposed convolution: every input pixel scatters its weighted kernel into the output.</summary>
    public static float[] TransposeConv(float[] x, int[] xs, float[] w, int[] ws, float[]? bias, int stride)
    {
        var (n, h, wd, c) = (xs[0], xs[1], xs[2], xs[3]);
        var (o, kh, kw) = (ws[0], ws[1], ws[2]);
        var (oh, ow) = ((h - 1) * stride + kh, (wd - 1) * stride + kw);
        var acc = new double[n * oh * ow * o];
        for (var b = 0; b < n; b++)
            for (var i = 0; i < h; i++)
                for (var j = 0; j < wd; j++)
                    for (var p = 0; p < kh; p++)
                        for (var q = 0; q < kw; q++)
                            for (var oc = 0; oc < o; oc++)
                                for (var ic = 0; ic < c; ic++)
                                    acc[((b * oh + i * stride + p) * ow + j * stride + q) * o + oc] +=
                                        (double)x[((b * h + i) * wd + j) * c + ic] * w[((oc * kh + p) * kw + q) * c + ic];
        return acc.Select((v, k) => (float)(v + (bias?[k % o] ?? 0))).ToArray();
    }

    /// <summary>y[k] = y[k] * scale[ch] + offset[ch] along the last axis.</summary>
    public static float[] ScaleShift(float[] y, float[] scale, float[] offset) =>
        y.Select((v, k) => (float)((double)v * scale[k % scale.Length] + offset[k % offset.Length])).ToArray();

    public static void AssertClose(float[] expected, float[] actual, double relative = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1e-6, expected.Max(v => Math.Abs((double)v)));
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale,
                $"element {i}: expected {expected[i]}, got {actual[i]} (tolerance {relative * scale})");
    }
}
