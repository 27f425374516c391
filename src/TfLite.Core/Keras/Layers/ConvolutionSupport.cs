using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Pieces the convolution converters share: bias constants and the CONV_2D emission.</summary>
internal static class ConvolutionSupport
{
    /// <summary>The bias weight at <paramref name="index"/> when <c>use_bias</c>, else zeros (TFLite's float conv
    /// kernels are always given a bias, as TensorFlow's converter does).</summary>
    public static Tensor Bias(LayerContext c, bool useBias, int index, int channels, string suffix = "bias") =>
        c.Constant(useBias ? c.Weight(index, "bias", channels).Values : new float[channels], [channels], suffix);

    /// <summary>CONV_2D of an NHWC input with OHWI weights, output dims from the window options.</summary>
    public static Tensor Conv2D(LayerContext c, Tensor x, Tensor weights, Tensor bias, SpatialOptions o, int filters)
    {
        var d = LayerContext.DimsOf(x);
        return c.Emit(BuiltinOperator.Conv2D, [x, weights, bias], [d[0], o.OutputLength(d[1], 0), o.OutputLength(d[2], 1), filters],
            new Conv2DOptions
            {
                Padding = o.TfLitePadding,
                StrideH = o.Strides[0],
                StrideW = o.Strides[1],
                DilationH = o.Dilation[0],
                DilationW = o.Dilation[1],
            });
    }

    /// <summary>Input channels per group, checked against <c>groups</c>.</summary>
    public static int ChannelsPerGroup(LayerContext c, int channels)
    {
        var groups = c.Config.GetInt("groups", 1);
        if (groups < 1 || channels % groups != 0) throw c.Config.Unsupported("groups", $"{channels} input channels");
        return channels / groups;
    }
}
