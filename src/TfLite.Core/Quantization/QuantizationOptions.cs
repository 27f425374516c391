using TfLite.Core.Graph;

namespace TfLite.Core.Quantization;

/// <summary>What <see cref="ModelQuantizer.Quantize"/> should produce.</summary>
public sealed class QuantizationOptions
{
    /// <summary>The quantization mode.</summary>
    public QuantizationMode Mode { get; init; }

    /// <summary>DynamicRange: quantize FULLY_CONNECTED weights per output channel (convolutions always are).</summary>
    public bool PerChannel { get; init; }

    /// <summary>Int8/Int16x8: type of the model inputs. Float32 keeps float inputs with a QUANTIZE after them;
    /// Int8/UInt8 (Int16 for Int16x8) makes the inputs quantized.</summary>
    public TensorType InputType { get; init; } = TensorType.Float32;

    /// <summary>Int8/Int16x8: type of the model outputs, as <see cref="InputType"/>.</summary>
    public TensorType OutputType { get; init; } = TensorType.Float32;

    /// <summary>Int8/Int16x8: fail instead of leaving an operator without an integer kernel in float.</summary>
    public bool IntegerOnly { get; init; }

    /// <summary>Wildcard patterns (<c>*</c>, <c>?</c>, <c>[a-z]</c>; case-insensitive) of tensor names or source layer
    /// names whose operators stay in float.</summary>
    public IReadOnlyList<string> ExcludeLayers { get; init; } = [];

    /// <summary>Wildcard patterns of operator types (e.g. <c>SOFTMAX</c>, <c>Conv*</c>) that stay in float.</summary>
    public IReadOnlyList<string> ExcludeOperators { get; init; } = [];

    /// <summary>UInt8 inputs only: the (mean, std) that normalized the training data, as TensorFlow 1's
    /// <c>quantized_input_stats</c>; the input scale becomes 1/std and its zero point the mean.</summary>
    public (float Mean, float Std)? InputStats { get; init; }

    /// <summary>Int8/Int16x8: calibrated ranges by tensor name. Ranges recorded in the graph
    /// (<see cref="QuantizationParameters.Min"/>/<see cref="QuantizationParameters.Max"/>, from quantization-aware
    /// training) take precedence.</summary>
    public IReadOnlyDictionary<string, (float Min, float Max)>? Ranges { get; init; }

    /// <summary>Receives one line per decision worth telling (operators left in float, weights kept float).</summary>
    public IProgress<string>? Log { get; init; }
}
