using TfLite.Core.Graph;
using TfLite.Core.Keras;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras;

public class ConvolutionConverterTests
{
    [Fact]
    public void Conv2DKernelIsReorderedFromHwioToOhwi()
    {
        var kernel = W("kernel", [3, 2, 4, 5], seed: 3);
        var bias = W("bias", [5], seed: 4);
        var g = Sequential(10, 9, 4)
            .Add("Conv2D", new { name = "conv", filters = 5, kernel_size = new[] { 3, 2 }, strides = new[] { 2, 1 }, padding = "valid", dilation_rate = new[] { 1, 1 }, use_bias = true }, kernel, bias)
            .Convert();

        var conv = GraphAssert.Single(g, BuiltinOperator.Conv2D);
        var w = conv.Inputs[1]!;
        Assert.Equal([5, 3, 2, 4], w.Shape);
        var values = GraphAssert.Floats(w);
        for (var o = 0; o < 5; o++)
            for (var h = 0; h < 3; h++)
                for (var x = 0; x < 2; x++)
                    for (var i = 0; i < 4; i++)
                        Assert.Equal(kernel.Values[((h * 2 + x) * 4 + i) * 5 + o], values[((o * 3 + h) * 2 + x) * 4 + i]);
        Assert.Equal(bias.Values, GraphAssert.Floats(conv.Inputs[2]));
        var options = conv.GetOptions<Conv2DOptions>();
        Assert.Equal(Padding.Valid, options.Padding);
        Assert.Equal((2, 1), (options.StrideH, options.StrideW));
        // valid: ceil((10 - 3 + 1) / 2) = 4, (9 - 2 + 1) / 1 = 8
        Assert.Equal([-1, 4, 8, 5], GraphAssert.Dims(conv.Outputs[0]));
    }

    [Theory]
    [InlineData("same", 1, 1, 7, 7)]
    [InlineData("same", 2, 1, 4, 4)]
    [InlineData("valid", 1, 2, 3, 3)]
    public void Conv2DOutputShapeFollowsPaddingStridesAndDilation(string padding, int stride, int dilation, int h, int w)
    {
        var g = Sequential(7, 7, 1)
            .Add("Conv2D", new { name = "conv", filters = 2, kernel_size = 3, strides = stride, padding, dilation_rate = dilation, use_bias = false }, W("kernel", [3, 3, 1, 2], 1))
            .Convert();

        var conv = GraphAssert.Single(g, BuiltinOperator.Conv2D);
        var o = conv.GetOptions<Conv2DOptions>();
        Assert.Equal(padding == "same" ? Padding.Same : Padding.Valid, o.Padding);
        Assert.Equal((dilation, dilation), (o.DilationH, o.DilationW));
        Assert.Equal([-1, h, w, 2], GraphAssert.Dims(conv.Outputs[0]));
        Assert.Equal(new float[2], GraphAssert.Floats(conv.Inputs[2]));
    }

    [Fact]
    public void GroupedConv2DKeepsInputChannelsPerGroup()
    {
        var g = Sequential(5, 5, 4)
            .Add("Conv2D", new { name = "conv", filters = 6, kernel_size = 1, groups = 2, use_bias = false }, W("kernel", [1, 1, 2, 6], 1))
            .Convert();

        Assert.Equal([6, 1, 1, 2], GraphAssert.Single(g, BuiltinOperator.Conv2D).Inputs[1]!.Shape);
    }

    [Fact]
    public void Conv1DRunsAsConv2DBetweenExpandDimsAndSqueeze()
    {
        var kernel = W("kernel", [3, 2, 4], seed: 5);
        var g = Sequential(8, 2)
            .Add("Conv1D", new { name = "conv1d", filters = 4, kernel_size = new[] { 3 }, strides = new[] { 1 }, padding = "valid", dilation_rate = new[] { 1 }, activation = "relu" }, kernel, W("bias", [4], 6))
            .Convert();

        Assert.Equal([BuiltinOperator.ExpandDims, BuiltinOperator.Conv2D, BuiltinOperator.Squeeze, BuiltinOperator.Relu], GraphAssert.Ops(g));
        var expand = g.Main.Operators[0];
        Assert.Equal([1], GraphAssert.Ints(expand.Inputs[1]));
        Assert.Equal([-1, 1, 8, 2], GraphAssert.Dims(expand.Outputs[0]));
        var conv = g.Main.Operators[1];
        Assert.Equal([4, 1, 3, 2], conv.Inputs[1]!.Shape);
        var w = GraphAssert.Floats(conv.Inputs[1]);
        for (var o = 0; o < 4; o++)
            for (var k = 0; k < 3; k++)
                for (var i = 0; i < 2; i++)
                    Assert.Equal(kernel.Values[(k * 2 + i) * 4 + o], w[(o * 3 + k) * 2 + i]);
        Assert.Equal([-1, 1, 6, 4], GraphAssert.Dims(conv.Outputs[0]));
        Assert.Equal([1], g.Main.Operators[2].GetOptions<SqueezeOptions>().SqueezeDims);
        Assert.Equal([-1, 6, 4], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void Conv1DCausalPadsTheFrontThenRunsValid()
    {
        var g = Sequential(8, 1)
            .Add("Conv1D", new { name = "conv1d", filters = 1, kernel_size = 3, padding = "causal", dilation_rate = 2, use_bias = false }, W("kernel", [3, 1, 1], 1))
            .Convert();

        var pad = GraphAssert.Single(g, BuiltinOperator.Pad);
        Assert.Equal([0, 0, 4, 0, 0, 0], GraphAssert.Ints(pad.Inputs[1]));
        var conv = GraphAssert.Single(g, BuiltinOperator.Conv2D);
        Assert.Equal(Padding.Valid, conv.GetOptions<Conv2DOptions>().Padding);
        Assert.Equal(2, conv.GetOptions<Conv2DOptions>().DilationW);
        Assert.Equal([-1, 8, 1], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void DepthwiseConv2DKeepsKerasOrderInOneByHwcmLayout()
    {
        var kernel = W("depthwise_kernel", [3, 3, 2, 2], seed: 7);
        var bias = W("bias", [4], seed: 8);
        var g = Sequential(6, 6, 2)
            .Add("DepthwiseConv2D", new { name = "dw", kernel_size = 3, strides = 2, padding = "same", depth_multiplier = 2, use_bias = true }, kernel, bias)
            .Convert();

        var dw = GraphAssert.Single(g, BuiltinOperator.DepthwiseConv2D);
        Assert.Equal([1, 3, 3, 4], dw.Inputs[1]!.Shape);
        // Output channel c * M + m takes kernel[:, :, c, m].
        var w = GraphAssert.Floats(dw.Inputs[1]);
        for (var pos = 0; pos < 9; pos++)
            for (var c = 0; c < 2; c++)
                for (var m = 0; m < 2; m++)
                    Assert.Equal(kernel.Values[(pos * 2 + c) * 2 + m], w[pos * 4 + c * 2 + m]);
        Assert.Equal(bias.Values, GraphAssert.Floats(dw.Inputs[2]));
        var o = dw.GetOptions<DepthwiseConv2DOptions>();
        Assert.Equal(2, o.DepthMultiplier);
        Assert.Equal(Padding.Same, o.Padding);
        Assert.Equal([-1, 3, 3, 4], GraphAssert.Dims(dw.Outputs[0]));
    }

    [Fact]
    public void SeparableConv2DIsDepthwiseThenPointwiseConv()
    {
        var depthwise = W("depthwise_kernel", [3, 3, 2, 1], seed: 9);
        var pointwise = W("pointwise_kernel", [1, 1, 2, 3], seed: 10);
        var bias = W("bias", [3], seed: 11);
        var g = Sequential(5, 5, 2)
            .Add("SeparableConv2D", new { name = "sep", filters = 3, kernel_size = 3, padding = "same", depth_multiplier = 1, use_bias = true }, depthwise, pointwise, bias)
            .Convert();

        Assert.Equal([BuiltinOperator.DepthwiseConv2D, BuiltinOperator.Conv2D], GraphAssert.Ops(g));
        var dw = g.Main.Operators[0];
        Assert.Equal(new float[2], GraphAssert.Floats(dw.Inputs[2]));
        var pw = g.Main.Operators[1];
        Assert.Same(dw.Outputs[0], pw.Inputs[0]);
        Assert.Equal([3, 1, 1, 2], pw.Inputs[1]!.Shape);
        var w = GraphAssert.Floats(pw.Inputs[1]);
        for (var o = 0; o < 3; o++)
            for (var i = 0; i < 2; i++)
                Assert.Equal(pointwise.Values[i * 3 + o], w[o * 2 + i]);
        Assert.Equal(bias.Values, GraphAssert.Floats(pw.Inputs[2]));
        Assert.Equal([-1, 5, 5, 3], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void Conv2DTransposeUsesOhwiWeightsBiasAsFourthInputAndRuntimeOutputShape()
    {
        var kernel = W("kernel", [4, 4, 3, 2], seed: 12); // [kh, kw, filters, in]
        var bias = W("bias", [3], seed: 13);
        var g = Sequential(7, 7, 2)
            .Add("Conv2DTranspose", new { name = "deconv", filters = 3, kernel_size = 4, strides = 2, padding = "same", output_padding = (int[]?)null, use_bias = true }, kernel, bias)
            .Convert();

        Assert.Equal([BuiltinOperator.Shape, BuiltinOperator.StridedSlice, BuiltinOperator.Pack, BuiltinOperator.TransposeConv], GraphAssert.Ops(g));
        var tc = g.Main.Operators[3];
        Assert.Same(g.Main.Operators[2].Outputs[0], tc.Inputs[0]);
        Assert.Same(g.Inputs[0], tc.Inputs[2]);
        Assert.Equal([3, 4, 4, 2], tc.Inputs[1]!.Shape);
        var w = GraphAssert.Floats(tc.Inputs[1]);
        for (var o = 0; o < 3; o++)
            for (var pos = 0; pos < 16; pos++)
                for (var i = 0; i < 2; i++)
                    Assert.Equal(kernel.Values[(pos * 3 + o) * 2 + i], w[(o * 16 + pos) * 2 + i]);
        Assert.Equal(bias.Values, GraphAssert.Floats(tc.Inputs[3]));
        Assert.Equal([-1, 14, 14, 3], GraphAssert.Dims(tc.Outputs[0]));
        var pack = g.Main.Operators[2];
        Assert.Equal([14], GraphAssert.Ints(pack.Inputs[1]));
        Assert.Equal([3], GraphAssert.Ints(pack.Inputs[3]));
        Assert.Equal(1, g.Main.Operators[1].GetOptions<StridedSliceOptions>().ShrinkAxisMask);
    }

    [Fact]
    public void Conv2DTransposeValidWithStaticBatchHasConstantOutputShape()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 3, 3, 1], "name": "in"}},
              {"class_name": "Conv2DTranspose", "config": {"name": "deconv", "filters": 1, "kernel_size": [3, 3], "strides": [2, 2], "padding": "valid", "use_bias": false}}]}}
            """;
        var g = KerasModelBuilder.Convert(json, new Dictionary<string, List<KerasWeight>> { ["deconv"] = [W("kernel", [3, 3, 1, 1], 1)] });

        var tc = GraphAssert.Single(g, BuiltinOperator.TransposeConv);
        // valid: 3 * 2 + max(3 - 2, 0) = 7
        Assert.Equal([1, 7, 7, 1], GraphAssert.Ints(tc.Inputs[0]));
        Assert.Equal(3, tc.Inputs.Count);
        Assert.Null(g.Outputs[0].ShapeSignature);
    }

    [Fact]
    public void ChannelsFirstIsAnUnsupportedOption()
    {
        var e = Assert.Throws<UnsupportedLayerException>(() => Sequential(3, 5, 5)
            .Add("Conv2D", new { name = "conv", filters = 1, kernel_size = 1, data_format = "channels_first" }, W("kernel", [1, 1, 3, 1], 1), W("bias", [1], 2))
            .Convert());
        Assert.Equal("UnsupportedLayerOption", e.ErrorId);
        Assert.Equal("conv", e.LayerName);
        Assert.Equal("Conv2D", e.ClassName);
        Assert.Contains("data_format=channels_first", e.Message);
    }
}
