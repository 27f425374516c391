using TfLite.Core.Graph;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Tests.Keras;

public class ActivationConverterTests
{
    public static TheoryData<string, string, Op[]> ActivationOps => new()
    {
        { "linear", "2.10.0", [] },
        { "relu", "2.10.0", [Op.Relu] },
        { "relu6", "2.10.0", [Op.Relu6] },
        { "sigmoid", "2.10.0", [Op.Logistic] },
        { "tanh", "2.10.0", [Op.Tanh] },
        { "softmax", "2.10.0", [Op.Softmax] },
        { "elu", "2.10.0", [Op.Elu] },
        { "selu", "2.10.0", [Op.Elu, Op.Relu, Op.Minimum, Op.Mul, Op.Mul, Op.Add] },
        { "swish", "2.10.0", [Op.Logistic, Op.Mul] },
        { "silu", "3.8.0", [Op.Logistic, Op.Mul] },
        { "gelu", "3.8.0", [Op.Gelu] },
        { "hard_swish", "3.8.0", [Op.HardSwish] },
        { "hard_sigmoid", "2.10.0", [Op.Mul, Op.Add, Op.Minimum, Op.Maximum] },
        { "hard_sigmoid", "3.8.0", [Op.Add, Op.Relu6, Op.Mul] },
        { "softplus", "2.10.0", [Op.Abs, Op.Neg, Op.Exp, Op.Add, Op.Log, Op.Relu, Op.Add] },
        { "softsign", "2.10.0", [Op.Abs, Op.Add, Op.Div] },
        { "exponential", "2.10.0", [Op.Exp] },
    };

    [Theory]
    [MemberData(nameof(ActivationOps))]
    public void ActivationLayerLowersToItsOps(string activation, string version, Op[] ops)
    {
        var g = Sequential(4).Add("Activation", new { name = "act", activation }).Convert(version);

        Assert.Equal(ops, GraphAssert.Ops(g));
        Assert.All(g.Main.Operators, o => Assert.Equal("act", o.SourceLayer));
        Assert.Equal([-1, 4], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void HardSigmoidConstantsFollowTheKerasVersion()
    {
        var k2 = Sequential(4).Add("Activation", new { name = "act", activation = "hard_sigmoid" }).Convert("2.10.0");
        Assert.Equal([0.2f], GraphAssert.Floats(k2.Main.Operators[0].Inputs[1]));
        Assert.Equal([0.5f], GraphAssert.Floats(k2.Main.Operators[1].Inputs[1]));

        var k3 = Sequential(4).Add("Activation", new { name = "act", activation = "hard_sigmoid" }).Convert("3.8.0");
        Assert.Equal([3f], GraphAssert.Floats(k3.Main.Operators[0].Inputs[1]));
        Assert.Equal([1f / 6f], GraphAssert.Floats(k3.Main.Operators[2].Inputs[1]));
    }

    [Fact]
    public void SeluUsesKerasConstants()
    {
        var g = Sequential(4).Add("Activation", new { name = "act", activation = "selu" }).Convert();

        var muls = g.Main.Operators.Where(o => o.Code == Op.Mul).Select(o => GraphAssert.Floats(o.Inputs[1])[0]).ToArray();
        Assert.Equal(1.0507009873554805f * 1.6732632423543772f, muls[0], 6);
        Assert.Equal(1.0507009873554805f, muls[1], 6);
    }

    [Fact]
    public void UnknownActivationIsAnUnsupportedOption()
    {
        var e = Assert.Throws<UnsupportedLayerException>(() => Sequential(4).Add("Dense", new { name = "d", units = 1, activation = "wobbly" }, W("kernel", [4, 1], 1), W("bias", [1], 2)).Convert());
        Assert.Equal("UnsupportedLayerOption", e.ErrorId);
        Assert.Equal("d", e.LayerName);
        Assert.Equal("Dense", e.ClassName);
        Assert.Contains("activation=wobbly", e.Message);
    }

    [Theory]
    [InlineData(null, 0.0, 0.0, new[] { Op.Relu })]
    [InlineData(6.0, 0.0, 0.0, new[] { Op.Relu6 })]
    [InlineData(1.5, 0.0, 0.0, new[] { Op.Relu, Op.Minimum })]
    [InlineData(null, 0.1, 0.0, new[] { Op.LeakyRelu })]
    [InlineData(4.0, 0.0, 0.5, new[] { Op.GreaterEqual, Op.SelectV2, Op.Minimum })]
    [InlineData(null, 0.2, 0.5, new[] { Op.GreaterEqual, Op.Sub, Op.Mul, Op.SelectV2 })]
    public void ReluLayerOptions(double? maxValue, double negativeSlope, double threshold, Op[] ops)
    {
        var g = Sequential(4).Add("ReLU", new { name = "relu", max_value = maxValue, negative_slope = negativeSlope, threshold }).Convert();

        Assert.Equal(ops, GraphAssert.Ops(g));
        if (negativeSlope > 0 && threshold == 0)
            Assert.Equal((float)negativeSlope, g.Main.Operators[0].GetOptions<LeakyReluOptions>().Alpha);
    }

    [Fact]
    public void LeakyReluReadsAlphaOrNegativeSlope()
    {
        var k2 = Sequential(4).Add("LeakyReLU", new { name = "lr", alpha = 0.2 }).Convert();
        Assert.Equal(0.2f, GraphAssert.Single(k2, Op.LeakyRelu).GetOptions<LeakyReluOptions>().Alpha);
        var k3 = Sequential(4).Add("LeakyReLU", new { name = "lr", negative_slope = 0.05 }).Convert("3.8.0");
        Assert.Equal(0.05f, GraphAssert.Single(k3, Op.LeakyRelu).GetOptions<LeakyReluOptions>().Alpha);
    }

    [Fact]
    public void PReluUsesAlphaWithSharedAxes()
    {
        var alpha = W("alpha", [1, 1, 3], seed: 5);
        var g = Sequential(4, 4, 3).Add("PReLU", new { name = "prelu", shared_axes = new[] { 1, 2 } }, alpha).Convert();

        var op = GraphAssert.Single(g, Op.Prelu);
        Assert.Equal([1, 1, 3], op.Inputs[1]!.Shape);
        Assert.Equal(alpha.Values, GraphAssert.Floats(op.Inputs[1]));
    }

    [Fact]
    public void EluLayerWithAlphaScalesTheNegativeSide()
    {
        var g = Sequential(4).Add("ELU", new { name = "elu", alpha = 0.5 }).Convert();

        Assert.Equal([Op.Elu, Op.Relu, Op.Minimum, Op.Mul, Op.Add], GraphAssert.Ops(g));
        Assert.Equal([0.5f], GraphAssert.Floats(g.Main.Operators[3].Inputs[1]));
    }

    [Fact]
    public void SoftmaxOnAnInnerAxisTransposesAroundSoftmax()
    {
        var last = Sequential(3, 5).Add("Softmax", new { name = "sm", axis = -1 }).Convert();
        Assert.Equal([Op.Softmax], GraphAssert.Ops(last));

        var inner = Sequential(3, 5).Add("Softmax", new { name = "sm", axis = 1 }).Convert();
        Assert.Equal([Op.Transpose, Op.Softmax, Op.Transpose], GraphAssert.Ops(inner));
        Assert.Equal([0, 2, 1], GraphAssert.Ints(inner.Main.Operators[0].Inputs[1]));
        Assert.Equal([-1, 3, 5], GraphAssert.Dims(inner.Outputs[0]));
    }
}
