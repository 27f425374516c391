using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Lowers one family of Keras layers to TFLite operators. A converter reads the layer's config and weights from
/// the <see cref="LayerContext"/>, adds operators, constants and tensors through it, and returns the layer's output
/// tensors. It may return one of its inputs unchanged (identity layers) and may add any number of operators,
/// constants and variable tensors (recurrent layers). Converters are stateless; register them in
/// <see cref="LayerConverters"/>.
/// </summary>
public interface ILayerConverter
{
    /// <summary>The Keras class names this converter handles, e.g. <c>Conv2D</c>, <c>Convolution2D</c>.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Converts one call of a layer.</summary>
    /// <returns>The layer's output tensors in Keras order (one for most layers).</returns>
    /// <exception cref="UnsupportedLayerException">An option value has no conversion.</exception>
    /// <exception cref="ModelFormatException">The config or the weights do not fit the layer.</exception>
    IReadOnlyList<Tensor> Convert(LayerContext context);
}
