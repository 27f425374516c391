using Xunit;
using TfLite.Core.Graph;

namespace TfLite.Core.Tests.InterpreterTests;

/// <summary>CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED float kernels against plain loops written here.</summary>
public sealed class ConvolutionKernelTests
{
    // Plain NHWC convolution with TFLite's padding rule and summation order (fy, fx, ic), + bias, then the clamp.
    private static float[] ConvLoop(float[] x, int[] xs, float[] w, int[] ws, float[]? bias, int sh, int sw, int dh, int dw,
        Padding padding, float lo, float hi, out int[] outShape, bool depthwise = false)
    {
        int n = xs[0], h = xs[1], wd = xs[2], c = xs[3];
        int kh = depthwise ? ws[1] : ws[1], kw = ws[2];
        int oc = depthwise ? ws[3] : ws[0];
        int effH = (kh - 1) * dh + 1, effW = (kw - 1) * dw + 1;
        int oh = padding == Padding.Same ? (h + sh - 1) / sh : (h - effH + sh) / sh;
        int ow = padding == Padding.Same ? (wd + sw - 1) / sw : (wd - effW + sw) / sw;
        int padH = Math.Max(((oh - 1) * sh + effH - h) / 2, 0), padW = Math.Max(((ow - 1) * sw + effW - wd) / 2, 0);
        outShape = [n, oh, ow, oc];
        var y = new float[n * oh * ow * oc];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int o = 0; o < oc; o++)
                    {
                        float sum = 0;
                        for (int p = 0; p < kh; p++)
                            for (int q = 0; q < kw; q++)
                            {
                                int yy = i * sh - padH + p * dh, xx = j * sw - padW + q * dw;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                                if (depthwise)
                                {
                                    int ic = o / (oc / c);
                                    sum += x[((b * h + yy) * wd + xx) * c + ic] * w[(p * kw + q) * oc + o];
                                }
                                else
                                    for (int k = 0; k < c; k++)
                                        sum += x[((b * h + yy) * wd + xx) * c + k] * w[((o * kh + p) * kw + q) * c + k];
                            }
                        float v = sum + (bias?[o] ?? 0f);
                        y[((b * oh + i) * ow + j) * oc + o] = Math.Min(Math.Max(v, lo), hi);
                    }
        return y;
    }

    public static TheoryData<int, int, int, int, int, Padding, int, int, bool, ActivationFunction> ConvCases => new()
    {
        { 1, 5, 5, 3, 4, Padding.Same, 1, 1, true, ActivationFunction.None },
        { 2, 7, 6, 2, 9, Padding.Valid, 2, 1, true, ActivationFunction.Relu },
        { 1, 9, 9, 4, 17, Padding.Same, 2, 1, false, ActivationFunction.Relu6 },
        { 1, 8, 8, 3, 8, Padding.Same, 1, 2, true, ActivationFunction.ReluN1To1 },
        { 3, 6, 5, 1, 1, Padding.Valid, 1, 1, true, ActivationFunction.None },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2D_matches_plain_loop(int n, int h, int w, int c, int oc, Padding padding, int stride, int dilation, bool withBias, ActivationFunction act)
    {
        int[] xs = [n, h, w, c], ws = [oc, 3, 2, c];
        var x = OpGraph.Random(n * h * w * c, 1);
        var wt = OpGraph.Random(oc * 3 * 2 * c, 2);
        var bias = withBias ? OpGraph.Random(oc, 3) : null;
        var g = new OpGraph();
        var inputs = new List<Tensor?> { g.Input(xs, x), g.Const(ws, wt) };
        if (withBias) inputs.Add(g.Const([oc], bias!));
        g.Op(BuiltinOperator.Conv2D, [.. inputs], [g.Output()], new Conv2DOptions
        {
            Padding = padding, StrideH = stride, StrideW = stride, DilationH = dilation, DilationW = dilation, FusedActivation = act,
        });
        var (lo, hi) = Range(act);
        var expected = ConvLoop(x, xs, wt, ws, bias, stride, stride, dilation, dilation, padding, lo, hi, out var expectedShape);
        var magnitude = ConvLoop(Abs(x), xs, Abs(wt), ws, bias is null ? null : Abs(bias), stride, stride, dilation, dilation, padding,
            float.MinValue, float.MaxValue, out _);
        var (actual, shape) = g.RunBothPathsWithin(Expect.AccumulationTolerance(magnitude, 3 * 2 * c + 1));
        Assert.Equal(expectedShape, shape);
        Expect.Exactly(expected, actual);
    }

    [Theory]
    [InlineData(1, Padding.Same, 1)]
    [InlineData(2, Padding.Valid, 2)]
    [InlineData(3, Padding.Same, 2)]
    public void DepthwiseConv2D_matches_plain_loop(int multiplier, Padding padding, int stride)
    {
        int c = 5, oc = c * multiplier;
        int[] xs = [2, 7, 6, c], ws = [1, 3, 3, oc];
        var x = OpGraph.Random(2 * 7 * 6 * c, 4);
        var wt = OpGraph.Random(9 * oc, 5);
        var bias = OpGraph.Random(oc, 6);
        var g = new OpGraph();
        g.Op(BuiltinOperator.DepthwiseConv2D, [g.Input(xs, x), g.Const(ws, wt), g.Const([oc], bias)], [g.Output()], new DepthwiseConv2DOptions
        {
            Padding = padding, StrideH = stride, StrideW = stride, DepthMultiplier = multiplier, FusedActivation = ActivationFunction.Relu,
        });
        var expected = ConvLoop(x, xs, wt, ws, bias, stride, stride, 1, 1, padding, 0, float.MaxValue, out var expectedShape, depthwise: true);
        var magnitude = ConvLoop(Abs(x), xs, Abs(wt), ws, Abs(bias), stride, stride, 1, 1, padding, float.MinValue, float.MaxValue, out _, depthwise: true);
        var (actual, shape) = g.RunBothPathsWithin(Expect.AccumulationTolerance(magnitude, 9 + 1));
        Assert.Equal(expectedShape, shape);
        Expect.Exactly(expected, actual);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void FullyConnected_matches_plain_loop(bool keepNumDims, bool withBias)
    {
        int[] xs = [2, 3, 20];
        int units = 13, depth = 20;
        var x = OpGraph.Random(2 * 3 * depth, 7);
        var wt = OpGraph.Random(units * depth, 8);
        var bias = OpGraph.Random(units, 9);
        var g = new OpGraph();
        var inputs = new List<Tensor?> { g.Input(xs, x), g.Const([units, depth], wt) };
        inputs.Add(withBias ? g.Const([units], bias) : null);
        g.Op(BuiltinOperator.FullyConnected, [.. inputs], [g.Output()], new FullyConnectedOptions { KeepNumDims = keepNumDims });
        var expected = new float[6 * units];
        var magnitude = new float[6 * units];
        for (int b = 0; b < 6; b++)
            for (int u = 0; u < units; u++)
            {
                float s = 0, m = 0;
                for (int d = 0; d < depth; d++)
                {
                    s += x[b * depth + d] * wt[u * depth + d];
                    m += Math.Abs(x[b * depth + d] * wt[u * depth + d]);
                }
                expected[b * units + u] = s + (withBias ? bias[u] : 0f);
                magnitude[b * units + u] = m + (withBias ? Math.Abs(bias[u]) : 0f);
            }
        var (actual, shape) = g.RunBothPathsWithin(Expect.AccumulationTolerance(magnitude, depth + 1));
        Assert.Equal(keepNumDims ? new[] { 2, 3, units } : new[] { 6, units }, shape);
        Expect.Exactly(expected, actual);
    }

    private static float[] Abs(float[] values) => values.Select(MathF.Abs).ToArray();

    [Fact]
    public void FullyConnected_hybrid_follows_tflite_dynamic_quantization()
    {
        int units = 3, depth = 4;
        float[] x = [0.5f, -1.0f, 0.25f, 2.0f];
        sbyte[] w = [10, -20, 30, 127, -127, 0, 5, 64, 1, 2, 3, 4];
        float wScale = 0.01f;
        var g = new OpGraph();
        var weights = g.Main.AddTensor(Tensor.Constant("w", TensorType.Int8, [units, depth], w.AsSpan()));
        weights.Quantization = QuantizationParameters.PerTensor(wScale, 0);
        g.Op(BuiltinOperator.FullyConnected, [g.Input([1, depth], x), weights, g.Const([units], [0.1f, 0.2f, 0.3f])], [g.Output()], new FullyConnectedOptions());
        var actual = g.Run().GetOutputArray<float>(0);
        // Input quantized symmetrically: scale = max|x| / 127 = 2/127, q = round(x * 127 / 2).
        float inScale = 2f / 127f;
        int[] q = x.Select(v => (int)MathF.Round(v * (127f / 2f), MidpointRounding.AwayFromZero)).ToArray();
        Assert.Equal(new[] { 32, -64, 16, 127 }, q);
        var expected = new float[units];
        for (int u = 0; u < units; u++)
        {
            int dot = 0;
            for (int d = 0; d < depth; d++) dot += w[u * depth + d] * q[d];
            expected[u] = (u + 1) * 0.1f + dot * (inScale * wScale);
        }
        Expect.Exactly(expected, actual);
    }

    private static (float, float) Range(ActivationFunction act) => act switch
    {
        ActivationFunction.Relu => (0f, float.MaxValue),
        ActivationFunction.Relu6 => (0f, 6f),
        ActivationFunction.ReluN1To1 => (-1f, 1f),
        _ => (float.MinValue, float.MaxValue),
    };
}
