using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Max/AveragePooling2D -> MAX_POOL_2D/AVERAGE_POOL_2D; the 1-D layers run the same ops on [N, 1, W, C]
/// (see <see cref="Spatial1D"/>).</summary>
public sealed class PoolingConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } =
        ["MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D", "MaxPooling1D", "MaxPool1D", "AveragePooling1D", "AvgPool1D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var code = c.ClassName.StartsWith("Max", StringComparison.Ordinal) ? BuiltinOperator.MaxPool2D : BuiltinOperator.AveragePool2D;
        if (c.ClassName.EndsWith("1D", StringComparison.Ordinal))
        {
            c.InputDimsOfRank(3);
            var o = SpatialOptions.ForPooling(c, 1);
            var image = Spatial1D.ToImage(c, c.Input);
            var pooled = Pool(c, code, image, new SpatialOptions([1, o.Kernel[0]], [1, o.Strides[0]], [1, 1], o.Padding));
            return [Spatial1D.FromImage(c, pooled)];
        }
        c.InputDimsOfRank(4);
        return [Pool(c, code, c.Input, SpatialOptions.ForPooling(c, 2))];
    }

    private static Tensor Pool(LayerContext c, BuiltinOperator code, Tensor x, SpatialOptions o)
    {
        var d = LayerContext.DimsOf(x);
        return c.Emit(code, [x], [d[0], o.OutputLength(d[1], 0), o.OutputLength(d[2], 1), d[3]],
            new Pool2DOptions
            {
                Padding = o.TfLitePadding,
                FilterHeight = o.Kernel[0],
                FilterWidth = o.Kernel[1],
                StrideH = o.Strides[0],
                StrideW = o.Strides[1],
            });
    }
}
