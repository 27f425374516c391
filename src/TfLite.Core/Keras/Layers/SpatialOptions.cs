using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>The window options shared by convolution and pooling layers: sizes, strides, dilation and padding,
/// read from the layer config for a given number of spatial dimensions.</summary>
/// <param name="Kernel">Window size per spatial dimension.</param>
/// <param name="Strides">Stride per spatial dimension.</param>
/// <param name="Dilation">Dilation per spatial dimension.</param>
/// <param name="Padding">The Keras padding mode: <c>valid</c>, <c>same</c> or <c>causal</c>.</param>
public sealed record SpatialOptions(int[] Kernel, int[] Strides, int[] Dilation, string Padding)
{
    /// <summary>TFLite padding (causal padding is made explicit before the op, which then runs VALID).</summary>
    public Padding TfLitePadding => Padding == "same" ? Graph.Padding.Same : Graph.Padding.Valid;

    /// <summary>Reads a convolution's options (<c>kernel_size</c>, <c>strides</c>, <c>dilation_rate</c>, <c>padding</c>).</summary>
    public static SpatialOptions ForConvolution(LayerContext c, int rank, bool allowCausal = false)
    {
        RequireChannelsLast(c);
        var padding = allowCausal ? c.Config.GetChoice("padding", "valid", "valid", "same", "causal") : c.Config.GetChoice("padding", "valid", "valid", "same");
        var strides = c.Config.GetTuple("strides", rank, Ones(rank));
        var dilation = c.Config.GetTuple("dilation_rate", rank, Ones(rank));
        if (strides.Concat(dilation).Any(v => v < 1)) throw c.Config.Unsupported(strides.Any(v => v < 1) ? "strides" : "dilation_rate");
        return new SpatialOptions(c.Config.GetTuple("kernel_size", rank), strides, dilation, padding);
    }

    /// <summary>Reads a pooling layer's options (<c>pool_size</c>, <c>strides</c> defaulting to the pool size, <c>padding</c>).</summary>
    public static SpatialOptions ForPooling(LayerContext c, int rank)
    {
        RequireChannelsLast(c);
        var pool = c.Config.GetTuple("pool_size", rank, Enumerable.Repeat(2, rank).ToArray());
        var strides = c.Config.GetTuple("strides", rank, pool);
        if (pool.Concat(strides).Any(v => v < 1)) throw c.Config.Unsupported(pool.Any(v => v < 1) ? "pool_size" : "strides");
        return new SpatialOptions(pool, strides, Ones(rank), c.Config.GetChoice("padding", "valid", "valid", "same"));
    }

    /// <summary>Output size along spatial dimension <paramref name="axis"/> (-1 when the input size is unknown).</summary>
    public int OutputLength(int inputLength, int axis) =>
        ShapeMath.ConvOutputLength(inputLength, Kernel[axis], Padding == "same", Strides[axis], Dilation[axis]);

    /// <summary>Rejects <c>data_format=channels_first</c>.</summary>
    public static void RequireChannelsLast(LayerContext c)
    {
        if (c.Config.GetString("data_format", "channels_last") != "channels_last") throw c.Config.Unsupported("data_format");
    }

    private static int[] Ones(int rank) => Enumerable.Repeat(1, rank).ToArray();
}
