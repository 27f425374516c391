using TfLite.Core.Graph;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras;

public class DenseConverterTests
{
    [Fact]
    public void DenseBecomesFullyConnectedWithTransposedKernel()
    {
        var kernel = W("kernel", [3, 4], seed: 1);
        var bias = W("bias", [4], seed: 2);
        var g = Sequential(3).Add("Dense", new { name = "dense", units = 4, activation = "linear", use_bias = true }, kernel, bias).Convert();

        var fc = GraphAssert.Single(g, BuiltinOperator.FullyConnected);
        Assert.Equal("dense", fc.SourceLayer);
        Assert.Same(g.Inputs[0], fc.Inputs[0]);
        var weights = fc.Inputs[1]!;
        Assert.Equal([4, 3], weights.Shape);
        var w = GraphAssert.Floats(weights);
        for (var u = 0; u < 4; u++)
            for (var i = 0; i < 3; i++)
                Assert.Equal(kernel.Values[i * 4 + u], w[u * 3 + i]);
        Assert.Equal(bias.Values, GraphAssert.Floats(fc.Inputs[2]));
        Assert.False(fc.GetOptions<FullyConnectedOptions>().KeepNumDims);
        Assert.Equal(ActivationFunction.None, fc.GetOptions<FullyConnectedOptions>().FusedActivation);
        Assert.Equal([-1, 4], GraphAssert.Dims(fc.Outputs[0]));
        Assert.Same(fc.Outputs[0], Assert.Single(g.Outputs));
        Assert.Equal("dense", fc.Outputs[0].Name);
    }

    [Fact]
    public void DenseActivationIsItsOwnOpAfterTheLayer()
    {
        var g = Sequential(2).Add("Dense", new { name = "dense", units = 2, activation = "relu" }, W("kernel", [2, 2], 1), W("bias", [2], 2)).Convert();

        Assert.Equal([BuiltinOperator.FullyConnected, BuiltinOperator.Relu], GraphAssert.Ops(g));
        var relu = g.Main.Operators[1];
        Assert.Same(g.Main.Operators[0].Outputs[0], relu.Inputs[0]);
        Assert.Equal("dense", relu.Outputs[0].Name);
        Assert.Equal("dense", relu.SourceLayer);
        Assert.Same(relu.Outputs[0], Assert.Single(g.Outputs));
    }

    [Fact]
    public void DenseWithoutBiasLeavesTheBiasInputOut()
    {
        var g = Sequential(2).Add("Dense", new { name = "dense", units = 3, use_bias = false }, W("kernel", [2, 3], 1)).Convert();

        var fc = GraphAssert.Single(g, BuiltinOperator.FullyConnected);
        Assert.Equal(3, fc.Inputs.Count);
        Assert.Null(fc.Inputs[2]);
    }

    [Fact]
    public void DenseOnRank3InputKeepsNumDims()
    {
        var g = Sequential(5, 2).Add("Dense", new { name = "dense", units = 3 }, W("kernel", [2, 3], 1), W("bias", [3], 2)).Convert();

        var fc = GraphAssert.Single(g, BuiltinOperator.FullyConnected);
        Assert.True(fc.GetOptions<FullyConnectedOptions>().KeepNumDims);
        Assert.Equal([-1, 5, 3], GraphAssert.Dims(fc.Outputs[0]));
    }

    [Fact]
    public void KernelOfTheWrongShapeIsAWeightMismatch()
    {
        var e = Assert.Throws<ModelFormatException>(() =>
            Sequential(3).Add("Dense", new { name = "dense", units = 4 }, W("kernel", [4, 3], 1), W("bias", [4], 2)).Convert());
        Assert.Equal("WeightMismatch", e.ErrorId);
        Assert.Contains("dense", e.Message);
        Assert.Contains("[3,4]", e.Message);
    }

    [Fact]
    public void MissingBiasIsAWeightMismatch()
    {
        var e = Assert.Throws<ModelFormatException>(() =>
            Sequential(3).Add("Dense", new { name = "dense", units = 4, use_bias = true }, W("kernel", [3, 4], 1)).Convert());
        Assert.Equal("WeightMismatch", e.ErrorId);
    }
}
