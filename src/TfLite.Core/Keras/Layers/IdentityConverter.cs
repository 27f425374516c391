using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Layers that do nothing at inference (dropout and noise layers, regularizers): no op, the output is the
/// input tensor itself.</summary>
public sealed class IdentityConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } =
    [
        "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
        "AlphaDropout", "ActivityRegularization", "Identity",
    ];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c) => [c.Input];
}
