using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Conv1D -> [N, W, C] to [N, 1, W, C], CONV_2D with a 1 x k kernel, back to [N, W', F] (see <see cref="Spatial1D"/>),
/// then the activation. Causal padding becomes an explicit PAD of dilation * (k - 1) steps in front.
/// </summary>
public sealed class Conv1DConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Conv1D", "Convolution1D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var o = SpatialOptions.ForConvolution(c, 1, allowCausal: true);
        var filters = c.Config.GetInt("filters");
        var useBias = c.Config.GetBool("use_bias", true);
        var dims = c.InputDimsOfRank(3);
        var inPerGroup = ConvolutionSupport.ChannelsPerGroup(c, c.KnownDim(dims, 2, "channel"));
        c.ExpectWeightCount(useBias ? 2 : 1);
        int[] kio = [o.Kernel[0], inPerGroup, filters];
        var kernel = c.Weight(0, "kernel", kio);
        // [k, in, out] is HWIO with H = 1.
        var weights = c.TransposedConstant(kernel, [1, .. kio], WeightLayout.HwioToOhwiOrder, [filters, 1, o.Kernel[0], inPerGroup], "kernel");

        var x = c.Input;
        if (o.Padding == "causal")
        {
            var front = o.Dilation[0] * (o.Kernel[0] - 1);
            x = c.Emit(BuiltinOperator.Pad, [x, c.ConstantInt32([0, 0, front, 0, 0, 0], "causal_padding", [3, 2])],
                [dims[0], dims[1] < 0 ? -1 : dims[1] + front, dims[2]], null, "causal_pad");
        }
        var image = Spatial1D.ToImage(c, x);
        var o2 = new SpatialOptions([1, o.Kernel[0]], [1, o.Strides[0]], [1, o.Dilation[0]], o.Padding == "same" ? "same" : "valid");
        var conv = ConvolutionSupport.Conv2D(c, image, weights, ConvolutionSupport.Bias(c, useBias, 1, filters), o2, filters);
        return [c.ApplyActivation(Spatial1D.FromImage(c, conv))];
    }
}
