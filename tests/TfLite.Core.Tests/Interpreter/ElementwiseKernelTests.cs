using Xunit;
using TfLite.Core.Graph;

namespace TfLite.Core.Tests.InterpreterTests;

/// <summary>Element-wise, pooling, reduction and softmax float kernels against plain loops written here.</summary>
public sealed class ElementwiseKernelTests
{
    public static TheoryData<int[], int[]> BroadcastCases => new()
    {
        { new[] { 2, 3, 17 }, new[] { 2, 3, 17 } },
        { new[] { 2, 3, 17 }, new[] { 17 } },
        { new[] { 2, 1, 17 }, new[] { 3, 1 } },
        { new[] { 4, 1 }, new[] { 1, 9 } },
        { new[] { 1 }, new[] { 2, 2, 11 } },
        { new[] { 5, 4, 3, 2 }, new[] { 4, 1, 2 } },
    };

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Binary_ops_broadcast_like_numpy(int[] aShape, int[] bShape)
    {
        var a = OpGraph.Random(aShape.Aggregate(1, (x, y) => x * y), 11, -3, 3);
        var b = OpGraph.Random(bShape.Aggregate(1, (x, y) => x * y), 12, 0.5f, 3);
        var ops = new (BuiltinOperator Code, OperatorOptions? Options, Func<float, float, float> F)[]
        {
            (BuiltinOperator.Add, new AddOptions(), (x, y) => x + y),
            (BuiltinOperator.Sub, new SubOptions { FusedActivation = ActivationFunction.Relu }, (x, y) => Math.Max(x - y, 0f)),
            (BuiltinOperator.Mul, new MulOptions { FusedActivation = ActivationFunction.Relu6 }, (x, y) => Math.Min(Math.Max(x * y, 0f), 6f)),
            (BuiltinOperator.Div, new DivOptions(), (x, y) => x / y),
            (BuiltinOperator.SquaredDifference, null, (x, y) => (x - y) * (x - y)),
            (BuiltinOperator.Maximum, null, Math.Max),
            (BuiltinOperator.Minimum, null, Math.Min),
        };
        foreach (var (code, options, f) in ops)
        {
            var g = new OpGraph();
            g.Op(code, [g.Input(aShape, a), g.Input(bShape, b)], [g.Output()], options);
            var (actual, shape) = g.RunBothPaths();
            var (expected, expectedShape) = BroadcastLoop(a, aShape, b, bShape, f);
            Assert.Equal(expectedShape, shape);
            Expect.Exactly(expected, actual);
        }
    }

    private static (float[], int[]) BroadcastLoop(float[] a, int[] aShape, float[] b, int[] bShape, Func<float, float, float> f)
    {
        int rank = Math.Max(aShape.Length, bShape.Length);
        int[] A = [.. Enumerable.Repeat(1, rank - aShape.Length), .. aShape], B = [.. Enumerable.Repeat(1, rank - bShape.Length), .. bShape];
        var o = A.Zip(B, Math.Max).ToArray();
        var result = new float[o.Aggregate(1, (x, y) => x * y)];
        for (int i = 0; i < result.Length; i++)
        {
            int rem = i, ai = 0, bi = 0, aStride = 1, bStride = 1;
            for (int d = rank - 1; d >= 0; d--)
            {
                int idx = rem % o[d];
                rem /= o[d];
                ai += (A[d] == 1 ? 0 : idx) * aStride;
                bi += (B[d] == 1 ? 0 : idx) * bStride;
                aStride *= A[d];
                bStride *= B[d];
            }
            result[i] = f(a[ai], b[bi]);
        }
        return (result, o);
    }

    [Fact]
    public void Unary_ops_follow_their_formulas()
    {
        var x = OpGraph.Random(37, 13, -8, 8);
        var ops = new (BuiltinOperator Code, OperatorOptions? Options, Func<float, float> F)[]
        {
            (BuiltinOperator.Relu, null, v => v < 0 ? 0 : v),
            (BuiltinOperator.Relu6, null, v => v < 0 ? 0 : v > 6 ? 6 : v),
            (BuiltinOperator.ReluN1To1, null, v => v < -1 ? -1 : v > 1 ? 1 : v),
            (BuiltinOperator.LeakyRelu, new LeakyReluOptions { Alpha = 0.2f }, v => v > 0 ? v : v * 0.2f),
            (BuiltinOperator.Abs, null, MathF.Abs),
            (BuiltinOperator.Neg, null, v => -v),
            (BuiltinOperator.HardSwish, null, v => v * Math.Min(6f, Math.Max(0f, v + 3f)) / 6f),
            (BuiltinOperator.Tanh, null, MathF.Tanh),
            (BuiltinOperator.Exp, null, MathF.Exp),
            (BuiltinOperator.Logistic, null, v => (float)(1 / (1 + Math.Exp(-v)))),
            (BuiltinOperator.Elu, null, v => v < 0 ? (float)(Math.Exp(v) - 1) : v),
        };
        foreach (var (code, options, f) in ops)
        {
            var g = new OpGraph();
            g.Op(code, [g.Input([37], x)], [g.Output()], options);
            var (actual, _) = g.RunBothPaths();
            var expected = x.Select(f).ToArray();
            for (int i = 0; i < x.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6 * Math.Max(1, Math.Abs(expected[i])), $"{code}({x[i]:R}): expected {expected[i]:R}, got {actual[i]:R}");
        }
        // GELU on [-3, 3], where the Taylor series of erf below is accurate.
        var small = OpGraph.Random(37, 18, -3, 3);
        var gg = new OpGraph();
        gg.Op(BuiltinOperator.Gelu, [gg.Input([37], small)], [gg.Output()], new GeluOptions());
        Expect.Near(small.Select(v => (float)(0.5 * v * (1 + ErfTaylor(v / Math.Sqrt(2))))).ToArray(), gg.RunBothPaths().Values, 2e-6);
        var pos = OpGraph.Random(37, 14, 0.01f, 9);
        foreach (var (code, f) in new (BuiltinOperator, Func<float, float>)[] { (BuiltinOperator.Sqrt, MathF.Sqrt), (BuiltinOperator.Rsqrt, v => 1f / MathF.Sqrt(v)) })
        {
            var g = new OpGraph();
            g.Op(code, [g.Input([37], pos)], [g.Output()]);
            Expect.Exactly(pos.Select(f).ToArray(), g.RunBothPaths().Values);
        }
    }

    // erf by its Taylor series in double, independent of the kernel's implementation.
    private static double ErfTaylor(double z)
    {
        double sum = 0, term = z;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Theory]
    [InlineData(BuiltinOperator.AveragePool2D, Padding.Same, 2, 3)]
    [InlineData(BuiltinOperator.MaxPool2D, Padding.Valid, 2, 2)]
    [InlineData(BuiltinOperator.MaxPool2D, Padding.Same, 1, 3)]
    [InlineData(BuiltinOperator.L2Pool2D, Padding.Same, 2, 2)]
    public void Pooling_clips_the_window_to_the_image(BuiltinOperator code, Padding padding, int stride, int filter)
    {
        int[] xs = [2, 7, 5, 3];
        var x = OpGraph.Random(2 * 7 * 5 * 3, 15);
        var g = new OpGraph();
        g.Op(code, [g.Input(xs, x)], [g.Output()], new Pool2DOptions { Padding = padding, StrideH = stride, StrideW = stride, FilterHeight = filter, FilterWidth = filter });
        var (actual, shape) = g.RunBothPaths();
        int oh = padding == Padding.Same ? (7 + stride - 1) / stride : (7 - filter + stride) / stride;
        int ow = padding == Padding.Same ? (5 + stride - 1) / stride : (5 - filter + stride) / stride;
        int ph = Math.Max(((oh - 1) * stride + filter - 7) / 2, 0), pw = Math.Max(((ow - 1) * stride + filter - 5) / 2, 0);
        Assert.Equal(new[] { 2, oh, ow, 3 }, shape);
        var expected = new List<float>();
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int c = 0; c < 3; c++)
                    {
                        var window = new List<float>();
                        for (int p = 0; p < filter; p++)
                            for (int q = 0; q < filter; q++)
                            {
                                int y = i * stride - ph + p, xx = j * stride - pw + q;
                                if (y >= 0 && y < 7 && xx >= 0 && xx < 5) window.Add(x[((b * 7 + y) * 5 + xx) * 3 + c]);
                            }
                        float sum = 0, sq = 0;
                        foreach (var v in window) { sum += v; sq += v * v; }
                        expected.Add(code switch
                        {
                            BuiltinOperator.AveragePool2D => sum / window.Count,
                            BuiltinOperator.MaxPool2D => window.Max(),
                            _ => MathF.Sqrt(sq / window.Count),
                        });
                    }
        Expect.Exactly([.. expected], actual);
    }

    [Theory]
    [InlineData(BuiltinOperator.Mean, true)]
    [InlineData(BuiltinOperator.Sum, false)]
    [InlineData(BuiltinOperator.ReduceMax, true)]
    public void Reductions_over_axes_1_and_2(BuiltinOperator code, bool keepDims)
    {
        int[] xs = [2, 4, 3, 5];
        var x = OpGraph.Random(2 * 4 * 3 * 5, 16);
        var g = new OpGraph();
        g.Op(code, [g.Input(xs, x), g.ConstInt([2], [1, -2])], [g.Output()], new ReducerOptions { KeepDims = keepDims });
        var (actual, shape) = g.RunBothPaths();
        Assert.Equal(keepDims ? new[] { 2, 1, 1, 5 } : new[] { 2, 5 }, shape);
        var expected = new float[10];
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 5; c++)
            {
                float sum = 0, max = float.MinValue;
                for (int h = 0; h < 4; h++)
                    for (int w = 0; w < 3; w++)
                    {
                        float v = x[((b * 4 + h) * 3 + w) * 5 + c];
                        sum += v;
                        max = Math.Max(max, v);
                    }
                expected[b * 5 + c] = code == BuiltinOperator.Mean ? sum / 12f : code == BuiltinOperator.Sum ? sum : max;
            }
        Expect.Exactly(expected, actual);
    }

    [Fact]
    public void Softmax_and_log_softmax_over_the_last_dimension()
    {
        var x = OpGraph.Random(3 * 10, 17, -5, 5);
        var g = new OpGraph();
        g.Op(BuiltinOperator.Softmax, [g.Input([3, 10], x)], [g.Output()], new SoftmaxOptions { Beta = 0.5f });
        var soft = g.RunBothPaths().Values;
        var g2 = new OpGraph();
        g2.Op(BuiltinOperator.LogSoftmax, [g2.Input([3, 10], x)], [g2.Output()]);
        var logSoft = g2.RunBothPaths().Values;
        for (int r = 0; r < 3; r++)
        {
            var row = x.Skip(r * 10).Take(10).Select(v => (double)v).ToArray();
            double max = row.Max();
            double z = row.Sum(v => Math.Exp(0.5 * (v - max))), zl = row.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < 10; c++)
            {
                Assert.Equal(Math.Exp(0.5 * (row[c] - max)) / z, soft[r * 10 + c], 6);
                Assert.Equal(row[c] - max - Math.Log(zl), logSoft[r * 10 + c], 5);
            }
        }
    }
}
