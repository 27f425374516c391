using TfLite.Core.Graph;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras;

public class PoolingAndReshapingTests
{
    [Theory]
    [InlineData("MaxPooling2D", BuiltinOperator.MaxPool2D)]
    [InlineData("AveragePooling2D", BuiltinOperator.AveragePool2D)]
    public void Pooling2DMapsWindowStridesAndPadding(string className, BuiltinOperator code)
    {
        var g = Sequential(9, 8, 3).Add(className, new { name = "pool", pool_size = new[] { 3, 2 }, strides = new[] { 2, 2 }, padding = "same" }).Convert();

        var op = GraphAssert.Single(g, code);
        var o = op.GetOptions<Pool2DOptions>();
        Assert.Equal((3, 2, 2, 2, Padding.Same), (o.FilterHeight, o.FilterWidth, o.StrideH, o.StrideW, o.Padding));
        Assert.Equal([-1, 5, 4, 3], GraphAssert.Dims(op.Outputs[0]));
    }

    [Fact]
    public void PoolingStridesDefaultToThePoolSize()
    {
        var g = Sequential(8, 8, 1).Add("MaxPooling2D", new { name = "pool", pool_size = 2, strides = (int[]?)null }).Convert();

        var o = GraphAssert.Single(g, BuiltinOperator.MaxPool2D).GetOptions<Pool2DOptions>();
        Assert.Equal((2, 2, Padding.Valid), (o.StrideH, o.StrideW, o.Padding));
        Assert.Equal([-1, 4, 4, 1], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void Pooling1DRunsAs2DOnExpandedInput()
    {
        var g = Sequential(10, 4).Add("AveragePooling1D", new { name = "pool", pool_size = 3, strides = 2, padding = "valid" }).Convert();

        Assert.Equal([BuiltinOperator.ExpandDims, BuiltinOperator.AveragePool2D, BuiltinOperator.Squeeze], GraphAssert.Ops(g));
        var o = g.Main.Operators[1].GetOptions<Pool2DOptions>();
        Assert.Equal((1, 3, 1, 2), (o.FilterHeight, o.FilterWidth, o.StrideH, o.StrideW));
        Assert.Equal([-1, 4, 4], GraphAssert.Dims(g.Outputs[0]));
    }

    [Theory]
    [InlineData("GlobalAveragePooling2D", BuiltinOperator.Mean, false)]
    [InlineData("GlobalMaxPooling2D", BuiltinOperator.ReduceMax, true)]
    public void GlobalPooling2DReducesHeightAndWidth(string className, BuiltinOperator code, bool keepdims)
    {
        var g = Sequential(6, 5, 7).Add(className, new { name = "gp", keepdims }).Convert();

        var op = GraphAssert.Single(g, code);
        Assert.Equal([1, 2], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal(keepdims, op.GetOptions<ReducerOptions>().KeepDims);
        Assert.Equal(keepdims ? [-1, 1, 1, 7] : [-1, 7], GraphAssert.Dims(op.Outputs[0]));
    }

    [Fact]
    public void GlobalMaxPooling1DReducesSteps()
    {
        var g = Sequential(1, 15).Add("GlobalMaxPooling1D", new { name = "gmp" }).Convert();

        var op = GraphAssert.Single(g, BuiltinOperator.ReduceMax);
        Assert.Equal([1], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal([-1, 15], GraphAssert.Dims(op.Outputs[0]));
    }

    [Fact]
    public void FlattenReshapesToDynamicBatchByFeatures()
    {
        var g = Sequential(5, 5, 64).Add("Flatten", new { name = "flatten", data_format = "channels_last" }).Convert();

        var op = GraphAssert.Single(g, BuiltinOperator.Reshape);
        Assert.Equal([-1, 1600], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal([-1, 1600], GraphAssert.Dims(op.Outputs[0]));
        Assert.Equal([1, 1600], op.Outputs[0].Shape);
    }

    [Fact]
    public void ReshapeResolvesMinusOneFromTheInputSize()
    {
        var g = Sequential(30).Add("Reshape", new { name = "reshape", target_shape = new[] { -1, 15 } }).Convert();

        var op = GraphAssert.Single(g, BuiltinOperator.Reshape);
        Assert.Equal([-1, 2, 15], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal([-1, 2, 15], GraphAssert.Dims(op.Outputs[0]));
    }

    [Fact]
    public void ReshapeToAnIncompatibleSizeIsUnsupported()
    {
        var e = Assert.Throws<UnsupportedLayerException>(() => Sequential(30).Add("Reshape", new { name = "reshape", target_shape = new[] { 7, 4 } }).Convert());
        Assert.Contains("target_shape", e.Message);
    }

    [Fact]
    public void PermuteBecomesTransposeWithBatchFirst()
    {
        var g = Sequential(2, 3, 4).Add("Permute", new { name = "permute", dims = new[] { 3, 1, 2 } }).Convert();

        var op = GraphAssert.Single(g, BuiltinOperator.Transpose);
        Assert.Equal([0, 3, 1, 2], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal([-1, 4, 2, 3], GraphAssert.Dims(op.Outputs[0]));
    }

    [Fact]
    public void RepeatVectorIsExpandDimsAndTile()
    {
        var g = Sequential(6).Add("RepeatVector", new { name = "repeat", n = 4 }).Convert();

        Assert.Equal([BuiltinOperator.ExpandDims, BuiltinOperator.Tile], GraphAssert.Ops(g));
        Assert.Equal([1, 4, 1], GraphAssert.Ints(g.Main.Operators[1].Inputs[1]));
        Assert.Equal([-1, 4, 6], GraphAssert.Dims(g.Outputs[0]));
    }
}
