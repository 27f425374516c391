using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>Small rewiring steps the quantizers share.</summary>
internal static class GraphEdits
{
    /// <summary>Makes <paramref name="consumers"/> read <paramref name="replacement"/> wherever they read
    /// <paramref name="original"/>.</summary>
    public static void Rewire(IEnumerable<Operator> consumers, Tensor original, Tensor replacement)
    {
        foreach (var op in consumers)
            for (var i = 0; i < op.Inputs.Count; i++)
                if (ReferenceEquals(op.Inputs[i], original)) op.Inputs[i] = replacement;
    }

    /// <summary>A new run-time tensor of the shape of <paramref name="like"/>, added to the subgraph.</summary>
    public static Tensor AddActivation(Subgraph subgraph, string name, TensorType type, Tensor like, QuantizationParameters? quantization = null) =>
        subgraph.AddTensor(new Tensor(name, type, (int[])like.Shape.Clone())
        {
            ShapeSignature = (int[]?)like.ShapeSignature?.Clone(),
            HasRank = like.HasRank,
            Quantization = quantization,
        });

    /// <summary>The operators that read <paramref name="tensor"/>, each once, in execution order.</summary>
    public static List<Operator> Consumers(Subgraph subgraph, Tensor tensor) =>
        subgraph.Operators.Where(o => o.Inputs.Any(i => ReferenceEquals(i, tensor))).ToList();

    /// <summary>True when the subgraph hands <paramref name="tensor"/> out as an output.</summary>
    public static bool IsGraphOutput(Subgraph subgraph, Tensor tensor) => subgraph.Outputs.Any(o => ReferenceEquals(o, tensor));

    /// <summary>Removes constant tensors that no operator, input or output refers to any more (float originals of
    /// weights that were quantized into copies).</summary>
    public static void DropUnusedConstants(Subgraph subgraph)
    {
        var used = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var op in subgraph.Operators)
        {
            foreach (var t in op.Inputs) if (t is not null) used.Add(t);
            used.UnionWith(op.Outputs);
            used.UnionWith(op.Intermediates);
        }
        used.UnionWith(subgraph.Inputs);
        used.UnionWith(subgraph.Outputs);
        subgraph.Tensors.RemoveAll(t => t.IsConstant && !t.IsVariable && !used.Contains(t));
    }
}
