using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>DepthwiseConv2D -> DEPTHWISE_CONV_2D (kernel [kh, kw, C, M] -> [1, kh, kw, C*M], depth_multiplier M),
/// then the activation.</summary>
public sealed class DepthwiseConv2DConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["DepthwiseConv2D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var useBias = c.Config.GetBool("use_bias", true);
        c.ExpectWeightCount(useBias ? 2 : 1);
        var output = Depthwise(c, c.Input, SpatialOptions.ForConvolution(c, 2), 0, useBias ? 1 : -1);
        return [c.ApplyActivation(output)];
    }

    /// <summary>Emits the DEPTHWISE_CONV_2D of <paramref name="x"/> with the depthwise kernel at weight
    /// <paramref name="kernelIndex"/> and the bias at <paramref name="biasIndex"/> (-1: zeros).</summary>
    internal static Tensor Depthwise(LayerContext c, Tensor x, SpatialOptions o, int kernelIndex, int biasIndex)
    {
        var dims = LayerContext.DimsOf(x);
        if (dims.Length != 4) throw new ModelFormatException("InvalidLayerInputs",
            $"Layer '{c.LayerName}' ({c.ClassName}) expects a rank-4 input but gets {Shape.Format(dims)}.", c.LayerName);
        var channels = c.KnownDim(dims, 3, "channel");
        var multiplier = c.Config.GetInt("depth_multiplier", 1);
        var kernel = c.Weight(kernelIndex, "depthwise_kernel", o.Kernel[0], o.Kernel[1], channels, multiplier);
        var outChannels = channels * multiplier;
        // Flattening [C, M] row-major gives output channel c * M + m, which is TFLite's depthwise channel order.
        var weights = c.Constant(kernel.Values, [1, o.Kernel[0], o.Kernel[1], outChannels], "depthwise_kernel");
        var bias = biasIndex >= 0 ? ConvolutionSupport.Bias(c, true, biasIndex, outChannels) : ConvolutionSupport.Bias(c, false, 0, outChannels, "depthwise_bias");
        return c.Emit(BuiltinOperator.DepthwiseConv2D, [x, weights, bias],
            [dims[0], o.OutputLength(dims[1], 0), o.OutputLength(dims[2], 1), outChannels],
            new DepthwiseConv2DOptions
            {
                Padding = o.TfLitePadding,
                StrideH = o.Strides[0],
                StrideW = o.Strides[1],
                DilationH = o.Dilation[0],
                DilationW = o.Dilation[1],
                DepthMultiplier = multiplier,
            });
    }
}
