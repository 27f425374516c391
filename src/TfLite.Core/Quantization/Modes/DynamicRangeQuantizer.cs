using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// DynamicRange mode (TensorFlow's <c>Optimize.DEFAULT</c> without data): large float weights of operators with
/// hybrid kernels become int8 symmetric (<see cref="HybridOperands"/>), activations stay float and are quantized on
/// the fly by the kernels. Weights under <see cref="HybridOperands.MinimumElements"/> elements stay float. A weight
/// shared by several operators gets one quantized copy per operator, as TensorFlow does.
/// </summary>
internal static class DynamicRangeQuantizer
{
    /// <summary>Rewrites every subgraph of <paramref name="graph"/> in place.</summary>
    public static void Apply(TfLiteGraph graph, QuantizationOptions options)
    {
        var exclusions = new OperatorExclusions(options);
        foreach (var subgraph in graph.Subgraphs) Apply(subgraph, exclusions, options);
    }

    private static void Apply(Subgraph subgraph, OperatorExclusions exclusions, QuantizationOptions options)
    {
        var names = new TensorNames(subgraph);
        foreach (var op in subgraph.Operators.ToList())
        {
            if (exclusions.IsExcluded(op)) continue;
            var quantizedAny = false;
            foreach (var operand in HybridOperands.Of(op, options.PerChannel))
            {
                if (operand.Input >= op.Inputs.Count || op.Inputs[operand.Input] is not { IsConstant: true, Type: TensorType.Float32 } weight) continue;
                if (weight.ElementCount < HybridOperands.MinimumElements)
                {
                    options.Log?.Report($"DynamicRange: '{weight.Name}' ({weight.ElementCount} elements) of {op.Code} stays float (under {HybridOperands.MinimumElements}).");
                    continue;
                }
                var q = SymmetricWeights.Quantize(weight.GetData<float>(), weight.Shape, operand.Axis);
                var sole = GraphEdits.Consumers(subgraph, weight).Count == 1 && op.Inputs.Count(i => ReferenceEquals(i, weight)) == 1
                           && !GraphEdits.IsGraphOutput(subgraph, weight);
                var target = sole ? weight : subgraph.AddTensor(new Tensor(names.Derive(weight.Name), TensorType.Int8, (int[])weight.Shape.Clone()));
                target.Type = TensorType.Int8;
                target.SetData<sbyte>(q.Values);
                target.Quantization = q.Parameters();
                if (operand.WeightOnly)
                {
                    var dequantized = GraphEdits.AddActivation(subgraph, names.Derive(weight.Name), TensorType.Float32, weight);
                    subgraph.Operators.Insert(subgraph.Operators.IndexOf(op), new Operator(BuiltinOperator.Dequantize, [target], [dequantized]) { SourceLayer = op.SourceLayer });
                    op.Inputs[operand.Input] = dequantized;
                }
                else
                {
                    op.Inputs[operand.Input] = target;
                    quantizedAny = true;
                }
            }
            if (quantizedAny) op.Options = HybridOperands.WithAsymmetricInputs(op.Options);
        }
        GraphEdits.DropUnusedConstants(subgraph);
    }
}
