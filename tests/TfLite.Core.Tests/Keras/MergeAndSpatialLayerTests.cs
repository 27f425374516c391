using TfLite.Core.Graph;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras;

public class MergeAndSpatialLayerTests
{
    private static string ThreeInputModel(string className, object config) => $$$"""
        {"class_name": "Functional", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 4, 2], "name": "a"}, "inbound_nodes": []},
          {"class_name": "InputLayer", "name": "b", "config": {"batch_input_shape": [null, 4, 3], "name": "b"}, "inbound_nodes": []},
          {"class_name": "InputLayer", "name": "c", "config": {"batch_input_shape": [null, 4, 2], "name": "c"}, "inbound_nodes": []},
          {"class_name": "{{{className}}}", "name": "merge", "config": {{{System.Text.Json.JsonSerializer.Serialize(config)}}},
           "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}], ["c", 0, 0, {}]]]}],
          "input_layers": [["a", 0, 0], ["b", 0, 0], ["c", 0, 0]], "output_layers": [["merge", 0, 0]]}}
        """;

    [Fact]
    public void ConcatenateWithNegativeAxisUsesThePositiveAxis()
    {
        var g = KerasModelBuilder.Convert(ThreeInputModel("Concatenate", new { name = "merge", axis = -1 }), new Dictionary<string, List<TfLite.Core.Keras.KerasWeight>>());

        var op = GraphAssert.Single(g, BuiltinOperator.Concatenation);
        Assert.Equal(2, op.GetOptions<ConcatenationOptions>().Axis);
        Assert.Equal(g.Inputs, op.Inputs.Select(t => t!));
        Assert.Equal([-1, 4, 7], GraphAssert.Dims(op.Outputs[0]));
    }

    [Theory]
    [InlineData("Add", new[] { BuiltinOperator.Add, BuiltinOperator.Add })]
    [InlineData("Multiply", new[] { BuiltinOperator.Mul, BuiltinOperator.Mul })]
    [InlineData("Maximum", new[] { BuiltinOperator.Maximum, BuiltinOperator.Maximum })]
    [InlineData("Minimum", new[] { BuiltinOperator.Minimum, BuiltinOperator.Minimum })]
    [InlineData("Average", new[] { BuiltinOperator.Add, BuiltinOperator.Add, BuiltinOperator.Mul })]
    public void ElementwiseMergeChainsOverInputsInOrder(string className, BuiltinOperator[] ops)
    {
        var json = ThreeInputModel(className, new { name = "merge" }).Replace("[null, 4, 3]", "[null, 4, 2]");
        var g = KerasModelBuilder.Convert(json, new Dictionary<string, List<TfLite.Core.Keras.KerasWeight>>());

        Assert.Equal(ops, GraphAssert.Ops(g));
        Assert.Equal([g.Inputs[0], g.Inputs[1]], g.Main.Operators[0].Inputs);
        Assert.Same(g.Main.Operators[0].Outputs[0], g.Main.Operators[1].Inputs[0]);
        Assert.Same(g.Inputs[2], g.Main.Operators[1].Inputs[1]);
        if (className == "Average") Assert.Equal([1f / 3f], GraphAssert.Floats(g.Main.Operators[2].Inputs[1]));
        Assert.Equal("merge", g.Outputs[0].Name);
    }

    [Fact]
    public void ZeroPadding2DBecomesPadWithPairs()
    {
        var g = Sequential(5, 6, 3).Add("ZeroPadding2D", new { name = "pad", padding = new[] { new[] { 0, 1 }, new[] { 2, 3 } } }).Convert();

        var op = GraphAssert.Single(g, BuiltinOperator.Pad);
        Assert.Equal([4, 2], op.Inputs[1]!.Shape);
        Assert.Equal([0, 0, 0, 1, 2, 3, 0, 0], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal([-1, 6, 11, 3], GraphAssert.Dims(op.Outputs[0]));
    }

    [Fact]
    public void ZeroPadding1DWithOneIntPadsBothEnds()
    {
        var g = Sequential(5, 2).Add("ZeroPadding1D", new { name = "pad", padding = 2 }).Convert();

        Assert.Equal([0, 0, 2, 2, 0, 0], GraphAssert.Ints(GraphAssert.Single(g, BuiltinOperator.Pad).Inputs[1]));
        Assert.Equal([-1, 9, 2], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void Cropping2DBecomesStridedSliceWithMasks()
    {
        var g = Sequential(8, 9, 2).Add("Cropping2D", new { name = "crop", cropping = new[] { new[] { 1, 2 }, new[] { 3, 0 } } }).Convert();

        var op = GraphAssert.Single(g, BuiltinOperator.StridedSlice);
        Assert.Equal([0, 1, 3, 0], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal([0, -2, 0, 0], GraphAssert.Ints(op.Inputs[2]));
        Assert.Equal([1, 1, 1, 1], GraphAssert.Ints(op.Inputs[3]));
        var o = op.GetOptions<StridedSliceOptions>();
        Assert.Equal(0b1001, o.BeginMask);
        Assert.Equal(0b1101, o.EndMask);
        Assert.Equal([-1, 5, 6, 2], GraphAssert.Dims(op.Outputs[0]));
    }

    [Theory]
    [InlineData("nearest", "2.10.0", BuiltinOperator.ResizeNearestNeighbor, true)]
    [InlineData("bilinear", "2.10.0", BuiltinOperator.ResizeBilinear, true)]
    [InlineData("bilinear", "2.2.4", BuiltinOperator.ResizeBilinear, false)]
    public void UpSampling2DResizesWithKerasCentering(string interpolation, string version, BuiltinOperator code, bool halfPixel)
    {
        var g = Sequential(3, 4, 2).Add("UpSampling2D", new { name = "up", size = new[] { 2, 3 }, interpolation }).Convert(version);

        var op = GraphAssert.Single(g, code);
        Assert.Equal([6, 12], GraphAssert.Ints(op.Inputs[1]));
        Assert.Equal([-1, 6, 12, 2], GraphAssert.Dims(op.Outputs[0]));
        var (align, half) = op.Options switch
        {
            ResizeBilinearOptions b => (b.AlignCorners, b.HalfPixelCenters),
            ResizeNearestNeighborOptions n => (n.AlignCorners, n.HalfPixelCenters),
            _ => throw new InvalidOperationException(),
        };
        Assert.False(align);
        Assert.Equal(halfPixel, half);
    }

    [Fact]
    public void UpSampling1DResizesTheStepAxis()
    {
        var g = Sequential(5, 2).Add("UpSampling1D", new { name = "up", size = 3 }).Convert();

        Assert.Equal([BuiltinOperator.ExpandDims, BuiltinOperator.ResizeNearestNeighbor, BuiltinOperator.Squeeze], GraphAssert.Ops(g));
        Assert.Equal([1, 15], GraphAssert.Ints(g.Main.Operators[1].Inputs[1]));
        Assert.Equal([-1, 15, 2], GraphAssert.Dims(g.Outputs[0]));
    }
}
