using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers.Qat;

/// <summary>
/// tfmot's <c>QuantizeLayer</c>, which fake-quantizes a model input during training: an identity in float whose
/// learned range (<c>&lt;layer&gt;_min</c>, <c>&lt;layer&gt;_max</c>) is recorded on its input tensor, where
/// TensorFlow's converter puts the QUANTIZE of the input.
/// </summary>
public sealed class QuantizeLayerConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["QuantizeLayer"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        // A NoOpQuantizer builds no range: only optimizer_step is stored.
        var quantizer = c.Config.Has("quantizer") ? c.Config.GetObject("quantizer")["class_name"]?.ToString() : null;
        string[] expected = quantizer == "NoOpQuantizer" ? [] : [c.LayerName];
        var variables = QatVariables.Split(c.Layer, c.Weights, expected, stepFirst: false, c.SourcePath);
        if (variables.LayerWeights.Count > 0)
            throw new ModelFormatException("WeightMismatch",
                $"Layer '{c.LayerName}' ({c.ClassName}) stores {variables.LayerWeights.Count} weight(s) that are no quantization variables.", c.SourcePath ?? c.LayerName);
        var input = c.Input;
        foreach (var range in variables.Ranges.Values) range.AttachTo(input);
        return [input];
    }
}
