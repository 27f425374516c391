using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Conv2D -> CONV_2D (kernel HWIO -> OHWI, strides, same/valid, dilation, groups), then the activation.</summary>
public sealed class Conv2DConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Conv2D", "Convolution2D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var o = SpatialOptions.ForConvolution(c, 2);
        var filters = c.Config.GetInt("filters");
        var useBias = c.Config.GetBool("use_bias", true);
        var dims = c.InputDimsOfRank(4);
        var inPerGroup = ConvolutionSupport.ChannelsPerGroup(c, c.KnownDim(dims, 3, "channel"));
        c.ExpectWeightCount(useBias ? 2 : 1);
        int[] hwio = [o.Kernel[0], o.Kernel[1], inPerGroup, filters];
        var kernel = c.Weight(0, "kernel", hwio);
        var weights = c.TransposedConstant(kernel, hwio, WeightLayout.HwioToOhwiOrder, [filters, hwio[0], hwio[1], inPerGroup], "kernel");
        var conv = ConvolutionSupport.Conv2D(c, c.Input, weights, ConvolutionSupport.Bias(c, useBias, 1, filters), o, filters);
        return [c.ApplyActivation(conv)];
    }
}
