using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Reshape -> RESHAPE to [batch, target_shape...]; a -1 in target_shape is resolved from the input's known
/// size so that only the batch stays dynamic.</summary>
public sealed class ReshapeConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Reshape"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var dims = c.InputDims;
        var target = c.Config.GetShape("target_shape") ?? throw c.Config.Invalid("target_shape", null, "a list of dimensions");
        var size = ShapeMath.Product(dims, 1);
        var unknown = target.Count(d => d < 0);
        var known = target.Where(d => d >= 0).Aggregate(1L, (p, d) => p * d);
        if (unknown > 1 || size < 0 || (unknown == 0 ? known != size : known == 0 || size % known != 0))
            throw c.Config.Unsupported("target_shape", $"input shape {Shape.Format(dims)}");
        var resolved = target.Select(d => d < 0 ? (int)(size / known) : d);
        return [ReshapeOps.Reshape(c, c.Input, [dims[0], .. resolved])];
    }
}
