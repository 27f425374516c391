using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Flatten -> RESHAPE to [batch, product of the other dims] (batch -1 when dynamic). channels_first inputs
/// are first transposed to channels-last order, as Keras does.</summary>
public sealed class FlattenConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Flatten"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var x = c.Input;
        var dims = c.InputDims;
        var format = c.Config.GetChoice("data_format", "channels_last", "channels_last", "channels_first");
        if (format == "channels_first" && dims.Length > 2)
            x = ReshapeOps.Transpose(c, x, [0, .. Enumerable.Range(2, dims.Length - 2), 1]);
        var features = ShapeMath.Product(dims, 1);
        if (features < 0) throw c.Unsupported($"input shape {Shape.Format(dims)} has unknown non-batch dimensions");
        return [ReshapeOps.Reshape(c, x, [dims[0], features])];
    }
}
