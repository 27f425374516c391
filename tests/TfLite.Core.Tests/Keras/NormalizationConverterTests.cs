using TfLite.Core.Graph;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras;

public class NormalizationConverterTests
{
    private static readonly float[] Gamma = [1.5f, -0.5f, 2f];
    private static readonly float[] Beta = [0.1f, 0.2f, -0.3f];
    private static readonly float[] Mean = [0.5f, -1f, 3f];
    private static readonly float[] Variance = [4f, 0.25f, 1e-4f];

    [Fact]
    public void BatchNormalizationIsMulByScaleThenAddOffset()
    {
        var g = Sequential(4, 4, 3)
            .Add("BatchNormalization", new { name = "bn", axis = new[] { 3 }, epsilon = 1e-3, center = true, scale = true },
                W("gamma", [3], Gamma), W("beta", [3], Beta), W("moving_mean", [3], Mean), W("moving_variance", [3], Variance))
            .Convert();

        Assert.Equal([BuiltinOperator.Mul, BuiltinOperator.Add], GraphAssert.Ops(g));
        var mul = g.Main.Operators[0];
        var add = g.Main.Operators[1];
        Assert.Same(g.Inputs[0], mul.Inputs[0]);
        Assert.Same(mul.Outputs[0], add.Inputs[0]);
        Assert.Equal([3], mul.Inputs[1]!.Shape);
        var scale = GraphAssert.Floats(mul.Inputs[1]);
        var offset = GraphAssert.Floats(add.Inputs[1]);
        for (var c = 0; c < 3; c++)
        {
            var s = Gamma[c] / Math.Sqrt(Variance[c] + 1e-3);
            Assert.Equal(s, scale[c], 1e-6 * Math.Abs(s));
            Assert.Equal(Beta[c] - Mean[c] * s, offset[c], 1e-5);
        }
        Assert.Equal("bn", add.Outputs[0].Name);
    }

    [Fact]
    public void BatchNormalizationWithoutScaleAndCenterOnRank2()
    {
        var g = Sequential(3)
            .Add("BatchNormalization", new { name = "bn", axis = -1, epsilon = 0.01, center = false, scale = false },
                W("moving_mean", [3], Mean), W("moving_variance", [3], Variance))
            .Convert();

        var scale = GraphAssert.Floats(g.Main.Operators[0].Inputs[1]);
        var offset = GraphAssert.Floats(g.Main.Operators[1].Inputs[1]);
        for (var c = 0; c < 3; c++)
        {
            var s = 1 / Math.Sqrt(Variance[c] + 0.01);
            Assert.Equal(s, scale[c], 1e-6 * s);
            Assert.Equal(-Mean[c] * s, offset[c], 1e-5);
        }
    }

    [Fact]
    public void BatchNormalizationOnAnInnerAxisBroadcastsItsConstants()
    {
        var g = Sequential(3, 5, 5)
            .Add("BatchNormalization", new { name = "bn", axis = 1 },
                W("gamma", [3], Gamma), W("beta", [3], Beta), W("moving_mean", [3], Mean), W("moving_variance", [3], Variance))
            .Convert();

        Assert.Equal([3, 1, 1], g.Main.Operators[0].Inputs[1]!.Shape);
        Assert.Equal([3, 1, 1], g.Main.Operators[1].Inputs[1]!.Shape);
    }

    [Fact]
    public void LayerNormalizationLowersToMeanVarianceRsqrt()
    {
        var g = Sequential(5, 3)
            .Add("LayerNormalization", new { name = "ln", axis = new[] { -1 }, epsilon = 1e-5, center = true, scale = true }, W("gamma", [3], Gamma), W("beta", [3], Beta))
            .Convert();

        Assert.Equal(
        [
            BuiltinOperator.Mean, BuiltinOperator.SquaredDifference, BuiltinOperator.Mean, BuiltinOperator.Add, BuiltinOperator.Rsqrt,
            BuiltinOperator.Mul, BuiltinOperator.Mul, BuiltinOperator.Mul, BuiltinOperator.Sub, BuiltinOperator.Add,
        ], GraphAssert.Ops(g));
        var mean = g.Main.Operators[0];
        Assert.Equal([2], GraphAssert.Ints(mean.Inputs[1]));
        Assert.True(mean.GetOptions<ReducerOptions>().KeepDims);
        Assert.Equal([-1, 5, 1], GraphAssert.Dims(mean.Outputs[0]));
        Assert.Equal([1e-5f], GraphAssert.Floats(g.Main.Operators[3].Inputs[1]));
        Assert.Equal(Gamma, GraphAssert.Floats(g.Main.Operators[5].Inputs[1]));
        Assert.Equal(Beta, GraphAssert.Floats(g.Main.Operators[8].Inputs[0]));
        Assert.Equal([-1, 5, 3], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void RescalingIsMulThenAdd()
    {
        var g = Sequential(4, 4, 3).Add("Rescaling", new { name = "rescale", scale = 1 / 127.5, offset = -1.0 }).Convert();

        Assert.Equal([BuiltinOperator.Mul, BuiltinOperator.Add], GraphAssert.Ops(g));
        Assert.Equal([(float)(1 / 127.5)], GraphAssert.Floats(g.Main.Operators[0].Inputs[1]));
        Assert.Equal([-1f], GraphAssert.Floats(g.Main.Operators[1].Inputs[1]));
    }

    [Fact]
    public void NormalizationFromAdaptedWeightsSubtractsMeanAndDividesByStd()
    {
        var g = Sequential(2, 3)
            .Add("Normalization", new { name = "norm", axis = new[] { -1 } }, W("mean", [3], Mean), W("variance", [3], Variance), W("count", [], [10f]))
            .Convert();

        Assert.Equal([BuiltinOperator.Sub, BuiltinOperator.Mul], GraphAssert.Ops(g));
        Assert.Equal(Mean, GraphAssert.Floats(g.Main.Operators[0].Inputs[1]));
        var inverse = GraphAssert.Floats(g.Main.Operators[1].Inputs[1]);
        for (var c = 0; c < 3; c++)
            Assert.Equal(1 / Math.Max(Math.Sqrt(Variance[c]), 1e-7), inverse[c], 1e-6 / Math.Sqrt(Variance[c]));
    }

    [Fact]
    public void NormalizationInvertFromConfigValues()
    {
        var g = Sequential(3).Add("Normalization", new { name = "norm", axis = -1, mean = 2.0, variance = 9.0, invert = true }).Convert();

        Assert.Equal([BuiltinOperator.Mul, BuiltinOperator.Add], GraphAssert.Ops(g));
        Assert.Equal([3f, 3f, 3f], GraphAssert.Floats(g.Main.Operators[0].Inputs[1]));
        Assert.Equal([2f, 2f, 2f], GraphAssert.Floats(g.Main.Operators[1].Inputs[1]));
    }
}
