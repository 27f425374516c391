using TfLite.Core.Graph;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Ops;

/// <summary>Convolutions, matrix products, pools and batch norms of TF1 graphs, held to the ops' plain math.</summary>
public class NeuralNetOpTests
{
    private static readonly int[] ImageShape = [1, 6, 6, 2];
    private static readonly float[] Image = Random(72, seed: 1);

    [Theory]
    [InlineData(1, "SAME")]
    [InlineData(2, "SAME")]
    [InlineData(1, "VALID")]
    public void Conv2DWithBiasAddAndReluBecomesOneFusedConv(int stride, string padding)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", ImageShape);
        var w = Random(3 * 3 * 2 * 4, seed: 2);
        var b = Random(4, seed: 3);
        g.Const("w", w, 3, 3, 2, 4);
        g.Const("b", b, 4);
        g.Conv2D("conv", "x", "w", stride, padding);
        g.BiasAdd("bias", "conv", "b");
        g.FloatOp("Relu", "relu", ["bias"]);

        var graph = TfConversion.Convert(g);
        var conv = Assert.Single(graph.Main.Operators);
        Assert.Equal(BuiltinOperator.Conv2D, conv.Code);
        Assert.Equal(ActivationFunction.Relu, conv.GetOptions<Conv2DOptions>().FusedActivation);
        var expected = TfReference.Map(TfReference.AddChannels(TfReference.Conv2D(Image, ImageShape, w, [3, 3, 2, 4], stride, padding == "SAME", out var shape), b), v => Math.Max(v, 0));
        var (actual, actualShape) = TfConversion.Run(graph, Image);
        Assert.Equal(shape, actualShape);
        TfConversion.AssertClose(expected, actual);
        Assert.Equal("relu", graph.Outputs[0].Name);
    }

    [Fact]
    public void DepthwiseConvKeepsTheChannelMultiplierOrder()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", ImageShape);
        var w = Random(3 * 3 * 2 * 3, seed: 4);
        g.Const("w", w, 3, 3, 2, 3);
        g.FloatOp("DepthwiseConv2dNative", "dw", ["x", "w"], ("strides", Ints(1, 2, 2, 1)), ("padding", Str("SAME")), ("data_format", Str("NHWC")), ("dilations", Ints(1, 1, 1, 1)));

        var graph = TfConversion.Convert(g);
        var op = Assert.Single(graph.Main.Operators);
        Assert.Equal(BuiltinOperator.DepthwiseConv2D, op.Code);
        Assert.Equal(3, op.GetOptions<DepthwiseConv2DOptions>().DepthMultiplier);
        var expected = TfReference.Depthwise(Image, ImageShape, w, [3, 3, 2, 3], 2, same: true, out var shape);
        var (actual, actualShape) = TfConversion.Run(graph, Image);
        Assert.Equal(shape, actualShape);
        TfConversion.AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatMulWithBiasBecomesFullyConnected(bool transposeB)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [2, 5]);
        var w = Random(5 * 3, seed: 5);
        var b = Random(3, seed: 6);
        // transpose_b stores the weights as [units, k].
        var stored = transposeB ? Enumerable.Range(0, 15).Select(i => w[(i % 5) * 3 + i / 5]).ToArray() : w;
        g.Const("w", stored, transposeB ? [3, 5] : [5, 3]);
        g.Const("b", b, 3);
        g.MatMul("mm", "x", "w", transposeB);
        g.BiasAdd("add", "mm", "b");

        var graph = TfConversion.Convert(g);
        Assert.Equal(BuiltinOperator.FullyConnected, Assert.Single(graph.Main.Operators).Code);
        var input = Random(10, seed: 7);
        TfConversion.AssertClose(TfReference.AddChannels(TfReference.MatMul(input, w, 2, 5, 3), b), TfConversion.Run(graph, input).Values);
    }

    [Theory]
    [InlineData("MaxPool")]
    [InlineData("AvgPool")]
    public void PoolsMatchTheirDefinitions(string op)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", ImageShape);
        g.Pool(op, "pool", "x", size: 2, stride: 2);

        var graph = TfConversion.Convert(g);
        Assert.Equal(op == "MaxPool" ? BuiltinOperator.MaxPool2D : BuiltinOperator.AveragePool2D, Assert.Single(graph.Main.Operators).Code);
        TfConversion.AssertClose(TfReference.Pool(Image, ImageShape, 2, 2, op == "MaxPool"), TfConversion.Run(graph, Image).Values);
    }

    [Fact]
    public void FusedBatchNormAfterConvFoldsIntoIt()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", ImageShape);
        var w = Random(3 * 3 * 2 * 4, seed: 8);
        g.Const("w", w, 3, 3, 2, 4);
        g.Conv2D("conv", "x", "w");
        float[] gamma = [1.5f, 0.5f, 2f, 1f], beta = [0.1f, -0.2f, 0.3f, 0f], mean = [0.2f, -0.1f, 0f, 0.5f], variance = [1f, 0.25f, 4f, 0.5f];
        g.Const("gamma", gamma, 4);
        g.Const("beta", beta, 4);
        g.Const("mean", mean, 4);
        g.Const("var", variance, 4);
        g.FloatOp("FusedBatchNormV3", "bn", ["conv", "gamma", "beta", "mean", "var"], ("epsilon", Float(0.001f)), ("is_training", Bool(false)), ("data_format", Str("NHWC")), ("U", Type()));

        var graph = TfConversion.Convert(g, "bn");
        Assert.Equal(BuiltinOperator.Conv2D, Assert.Single(graph.Main.Operators).Code);
        var conv = TfReference.Conv2D(Image, ImageShape, w, [3, 3, 2, 4], 1, true, out _);
        var expected = conv.Select((v, i) => { var c = i % 4; return (v - mean[c]) / MathF.Sqrt(variance[c] + 0.001f) * gamma[c] + beta[c]; }).ToArray();
        TfConversion.AssertClose(expected, TfConversion.Run(graph, Image).Values, 1e-4f);
    }

    [Fact]
    public void UnfusedBatchNormArithmeticFoldsIntoTheConvolution()
    {
        // tf.nn.batch_normalization as TF1 writes it: (var + eps) -> Rsqrt -> * gamma = mul; x * mul + (beta - mean * mul).
        var g = new TfGraphBuilder();
        g.Placeholder("x", ImageShape);
        var w = Random(3 * 3 * 2 * 4, seed: 9);
        g.Const("w", w, 3, 3, 2, 4);
        g.Conv2D("conv", "x", "w");
        float[] gamma = [1.5f, 0.5f, 2f, 1f], beta = [0.1f, -0.2f, 0.3f, 0f], mean = [0.2f, -0.1f, 0f, 0.5f], variance = [1f, 0.25f, 4f, 0.5f];
        g.Const("bn/gamma", gamma, 4);
        g.Const("bn/beta", beta, 4);
        g.Const("bn/moving_mean", mean, 4);
        g.Const("bn/moving_variance", variance, 4);
        g.Scalar("bn/batchnorm/add/y", 0.001f);
        g.FloatOp("Add", "bn/batchnorm/add", ["bn/moving_variance", "bn/batchnorm/add/y"]);
        g.FloatOp("Rsqrt", "bn/batchnorm/Rsqrt", ["bn/batchnorm/add"]);
        g.FloatOp("Mul", "bn/batchnorm/mul", ["bn/batchnorm/Rsqrt", "bn/gamma"]);
        g.FloatOp("Mul", "bn/batchnorm/mul_1", ["conv", "bn/batchnorm/mul"]);
        g.FloatOp("Mul", "bn/batchnorm/mul_2", ["bn/moving_mean", "bn/batchnorm/mul"]);
        g.FloatOp("Sub", "bn/batchnorm/sub", ["bn/beta", "bn/batchnorm/mul_2"]);
        g.FloatOp("Add", "bn/batchnorm/add_1", ["bn/batchnorm/mul_1", "bn/batchnorm/sub"]);

        var graph = TfConversion.Convert(g);
        Assert.Equal(BuiltinOperator.Conv2D, Assert.Single(graph.Main.Operators).Code);
        var conv = TfReference.Conv2D(Image, ImageShape, w, [3, 3, 2, 4], 1, true, out _);
        var expected = conv.Select((v, i) => { var c = i % 4; var m = gamma[c] / MathF.Sqrt(variance[c] + 0.001f); return v * m + (beta[c] - mean[c] * m); }).ToArray();
        TfConversion.AssertClose(expected, TfConversion.Run(graph, Image).Values, 1e-4f);
    }
}
