using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// UpSampling2D -> RESIZE_NEAREST_NEIGHBOR (nearest) or RESIZE_BILINEAR (bilinear) to [H*sh, W*sw];
/// UpSampling1D -> the nearest resize on [N, 1, W, C]. Keras resizes with half-pixel centers and without aligned
/// corners (tf.image.resize); Keras before 2.3 used the legacy resize without half-pixel centers, which matters for
/// bilinear only (nearest with an integer factor is the same repetition either way).
/// </summary>
public sealed class UpSamplingConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["UpSampling1D", "UpSampling2D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        if (c.ClassName == "UpSampling1D")
        {
            c.InputDimsOfRank(3);
            var size = c.Config.GetInt("size", 2);
            if (size < 1) throw c.Config.Unsupported("size");
            var image = Spatial1D.ToImage(c, c.Input);
            return [Spatial1D.FromImage(c, Resize(c, image, [1, size], nearest: true))];
        }
        SpatialOptions.RequireChannelsLast(c);
        c.InputDimsOfRank(4);
        var factors = c.Config.GetTuple("size", 2, [2, 2]);
        if (factors.Any(f => f < 1)) throw c.Config.Unsupported("size");
        var interpolation = c.Config.GetChoice("interpolation", "nearest", "nearest", "bilinear");
        return [Resize(c, c.Input, factors, interpolation == "nearest")];
    }

    private static Tensor Resize(LayerContext c, Tensor x, int[] factors, bool nearest)
    {
        var d = LayerContext.DimsOf(x);
        var height = c.KnownDim(d, 1, "height") * factors[0];
        var width = c.KnownDim(d, 2, "width") * factors[1];
        var halfPixel = nearest || c.KerasVersion >= new Version(2, 3);
        var size = c.ConstantInt32([height, width], "size");
        return nearest
            ? c.Emit(BuiltinOperator.ResizeNearestNeighbor, [x, size], [d[0], height, width, d[3]],
                new ResizeNearestNeighborOptions { AlignCorners = false, HalfPixelCenters = halfPixel })
            : c.Emit(BuiltinOperator.ResizeBilinear, [x, size], [d[0], height, width, d[3]],
                new ResizeBilinearOptions { AlignCorners = false, HalfPixelCenters = halfPixel });
    }
}
