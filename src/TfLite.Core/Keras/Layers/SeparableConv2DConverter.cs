using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>SeparableConv2D -> DEPTHWISE_CONV_2D (depthwise kernel, strides, padding, dilation, zero bias) then a 1x1
/// CONV_2D (pointwise kernel, the layer's bias), then the activation — what TensorFlow emits.</summary>
public sealed class SeparableConv2DConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["SeparableConv2D", "SeparableConvolution2D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var o = SpatialOptions.ForConvolution(c, 2);
        var filters = c.Config.GetInt("filters");
        var useBias = c.Config.GetBool("use_bias", true);
        c.ExpectWeightCount(useBias ? 3 : 2);
        var depthwise = DepthwiseConv2DConverter.Depthwise(c, c.Input, o, 0, -1);
        var mid = c.KnownDim(LayerContext.DimsOf(depthwise), 3, "channel");
        int[] hwio = [1, 1, mid, filters];
        var pointwise = c.Weight(1, "pointwise_kernel", hwio);
        var weights = c.TransposedConstant(pointwise, hwio, WeightLayout.HwioToOhwiOrder, [filters, 1, 1, mid], "pointwise_kernel");
        var pointwiseOptions = new SpatialOptions([1, 1], [1, 1], [1, 1], "valid");
        var conv = ConvolutionSupport.Conv2D(c, depthwise, weights, ConvolutionSupport.Bias(c, useBias, 2, filters), pointwiseOptions, filters);
        return [c.ApplyActivation(conv)];
    }
}
