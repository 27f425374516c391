using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>Checks that the options fit the mode and that the graph is a float model, before any work.</summary>
internal static class OptionChecks
{
    /// <summary>Throws a <see cref="QuantizationException"/> for the first problem found.</summary>
    public static void Validate(TfLiteGraph graph, QuantizationOptions options)
    {
        if (!Enum.IsDefined(options.Mode))
            throw new QuantizationException("UnsupportedQuantizationMode", $"Unknown quantization mode {(int)options.Mode}.", options.Mode.ToString());
        var integer = options.Mode is QuantizationMode.Int8 or QuantizationMode.Int16x8;
        TensorType[] allowed = options.Mode switch
        {
            QuantizationMode.Int8 => [TensorType.Float32, TensorType.Int8, TensorType.UInt8],
            QuantizationMode.Int16x8 => [TensorType.Float32, TensorType.Int16],
            _ => [TensorType.Float32],
        };
        foreach (var (what, type) in new[] { ("input", options.InputType), ("output", options.OutputType) })
            if (!allowed.Contains(type))
                throw new QuantizationException("InvalidInferenceType",
                    $"The {what} type {type} is not possible in {options.Mode} mode (allowed: {string.Join(", ", allowed)}).", what);
        if (options.InputStats is { } stats)
        {
            if (options.InputType != TensorType.UInt8)
                throw new QuantizationException("InvalidInputStats", "Input statistics (mean, std) apply only to UInt8 inputs.", "InputStats");
            if (!(stats.Std > 0) || !float.IsFinite(stats.Mean))
                throw new QuantizationException("InvalidInputStats", $"Input statistics need a finite mean and a positive std (got {stats.Mean}, {stats.Std}).", "InputStats");
        }
        if (!integer && options.IntegerOnly)
            throw new QuantizationException("InvalidOptionForMode", $"IntegerOnly needs the Int8 or Int16x8 mode, not {options.Mode}.", "IntegerOnly");
        var quantized = graph.Subgraphs.SelectMany(s => s.Tensors)
            .FirstOrDefault(t => t.Type is TensorType.Float16 || (t.Type.IsQuantizedType() && t.Quantization is { IsQuantized: true }));
        if (quantized is not null)
            throw new QuantizationException("AlreadyQuantized",
                $"The model is already quantized (tensor '{quantized.Name}' is {quantized.Type}); quantize the float model.", quantized.Name);
    }
}
