using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Quantization-aware training layers (tfmot's QuantizeLayer and QuantizeWrapperV2): not converted yet;
/// they stop the import with a clear message. (QuantizeAnnotate is unwrapped when the config is parsed.)</summary>
public sealed class QuantizationWrapperConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["QuantizeLayer", "QuantizeWrapper", "QuantizeWrapperV2"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c) =>
        throw c.Unsupported($"quantization-aware training layers ({string.Join(", ", ClassNames)}) are not supported yet; "
                            + "import the float model saved before tfmot's quantize_model/quantize_apply", "UnsupportedLayer");
}
