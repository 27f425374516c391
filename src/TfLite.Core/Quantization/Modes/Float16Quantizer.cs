using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// Float16 mode, laid out as TensorFlow's converter does: every float32 constant an operator reads is stored as
/// float16 under its own name, and one DEQUANTIZE (placed before all other operators) turns it back into a float32
/// tensor named with a numeric suffix, which the consumers then read. The arithmetic stays float32.
/// </summary>
internal static class Float16Quantizer
{
    /// <summary>Rewrites every subgraph of <paramref name="graph"/> in place.</summary>
    public static void Apply(TfLiteGraph graph, QuantizationOptions options)
    {
        var exclusions = new OperatorExclusions(options);
        foreach (var subgraph in graph.Subgraphs) Apply(subgraph, exclusions, options.Log);
    }

    private static void Apply(Subgraph subgraph, OperatorExclusions exclusions, IProgress<string>? log)
    {
        var names = new TensorNames(subgraph);
        var dequantizers = new List<Operator>();
        var constants = subgraph.Operators
            .Where(o => !exclusions.IsExcluded(o))
            .SelectMany(o => o.Inputs)
            .OfType<Tensor>()
            .Where(t => t is { IsConstant: true, Type: TensorType.Float32, IsVariable: false } && !GraphEdits.IsGraphOutput(subgraph, t))
            .Distinct(ReferenceEqualityComparer.Instance)
            .Cast<Tensor>()
            .ToList();
        foreach (var constant in constants)
        {
            var consumers = GraphEdits.Consumers(subgraph, constant);
            var quantized = consumers.Where(o => !exclusions.IsExcluded(o)).ToList();
            var half = ToHalf(constant.GetData<float>());
            Tensor stored;
            if (quantized.Count == consumers.Count)
            {
                constant.Type = TensorType.Float16;
                constant.SetData<Half>(half);
                stored = constant;
            }
            else
            {
                // Excluded operators keep reading the float32 original.
                stored = subgraph.AddTensor(Tensor.Constant<Half>(names.Derive(constant.Name), TensorType.Float16, (int[])constant.Shape.Clone(), half));
            }
            var dequantized = GraphEdits.AddActivation(subgraph, names.Derive(constant.Name), TensorType.Float32, constant);
            GraphEdits.Rewire(quantized, constant, dequantized);
            dequantizers.Add(new Operator(BuiltinOperator.Dequantize, [stored], [dequantized]) { SourceLayer = quantized[0].SourceLayer });
        }
        subgraph.Operators.InsertRange(0, dequantizers);
        log?.Report($"Float16: {dequantizers.Count} constant tensors stored as float16 in subgraph '{subgraph.Name}'.");
    }

    private static Half[] ToHalf(ReadOnlySpan<float> values)
    {
        var half = new Half[values.Length];
        for (var i = 0; i < values.Length; i++) half[i] = (Half)values[i];
        return half;
    }
}
