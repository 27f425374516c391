using TfLite.Core.Graph;

namespace TfLite.Core.Serialization.Writing;

/// <summary>What the writer requires of a graph before it writes anything, so that it never produces a file that
/// TFLite (or the reader) would refuse.</summary>
internal static class GraphChecks
{
    // Flatbuffer offsets are 32-bit signed; leave room for the tables around the constants.
    private const long MaxConstantBytes = int.MaxValue - (256L << 20);

    /// <summary>Checks the whole graph.</summary>
    /// <exception cref="ModelFormatException"><see cref="TfLiteErrorIds.InvalidGraph"/>, naming the tensor or operator.</exception>
    public static void Check(TfLiteGraph graph)
    {
        if (graph.Subgraphs.Count == 0) throw Invalid($"Graph '{graph.Name}' has no subgraph.", graph.Name);
        for (var s = 0; s < graph.Subgraphs.Count; s++)
        {
            var subgraph = graph.Subgraphs[s];
            var own = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var tensor in subgraph.Tensors)
                if (!own.Add(tensor)) throw Invalid($"Subgraph {s} lists tensor '{tensor.Name}' twice.", tensor.Name);
            foreach (var tensor in subgraph.Tensors)
                if (ConstantData.Problem(tensor) is { } problem)
                    throw Invalid($"Subgraph {s}, tensor '{tensor.Name}': {problem}.", tensor.Name);
            foreach (var tensor in subgraph.Inputs.Concat(subgraph.Outputs))
                Member(own, tensor, $"Subgraph {s} lists tensor '{tensor.Name}' as an input or output");
            for (var o = 0; o < subgraph.Operators.Count; o++)
            {
                var op = subgraph.Operators[o];
                var where = $"Subgraph {s}, operator {o} ({op})";
                if (op.Code == BuiltinOperator.Custom && string.IsNullOrEmpty(op.CustomCode))
                    throw Invalid($"{where}: a custom operator needs a CustomCode.", op.ToString());
                foreach (var tensor in op.Inputs.OfType<Tensor>().Concat(op.Outputs).Concat(op.Intermediates))
                    Member(own, tensor, $"{where} uses tensor '{tensor.Name}'");
            }
        }
        var constantBytes = graph.ConstantBytes;
        if (constantBytes > MaxConstantBytes)
            throw Invalid($"Graph '{graph.Name}' holds {constantBytes} bytes of constants; a TFLite flatbuffer holds at most {MaxConstantBytes}.", graph.Name);
        foreach (var signature in graph.SignatureDefs)
        {
            if (signature.SubgraphIndex < 0 || signature.SubgraphIndex >= graph.Subgraphs.Count)
                throw Invalid($"Signature '{signature.Key}' refers to subgraph {signature.SubgraphIndex}, which does not exist.", signature.Key);
            var own = new HashSet<Tensor>(graph.Subgraphs[signature.SubgraphIndex].Tensors, ReferenceEqualityComparer.Instance);
            foreach (var (name, tensor) in signature.Inputs.Concat(signature.Outputs))
                Member(own, tensor, $"Signature '{signature.Key}' maps '{name}' to tensor '{tensor.Name}'");
        }
    }

    private static void Member(HashSet<Tensor> own, Tensor tensor, string what)
    {
        if (!own.Contains(tensor)) throw Invalid(what + ", which is not among that subgraph's tensors.", tensor.Name);
    }

    private static ModelFormatException Invalid(string message, string target) =>
        new(TfLiteErrorIds.InvalidGraph, message, target);
}
