using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>
/// The rewiring primitives every pass shares, bound to one subgraph of a graph: who produces and who reads a tensor,
/// whether a tensor is visible from outside (subgraph output or signature output), replacing every use of a tensor,
/// and removing operators together with the tensors that nothing references any more.
/// </summary>
public sealed class SubgraphRewriter
{
    private readonly int _subgraphIndex;

    /// <summary>Binds the rewriter to <paramref name="subgraph"/>, which must belong to <paramref name="graph"/>.</summary>
    public SubgraphRewriter(TfLiteGraph graph, Subgraph subgraph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(subgraph);
        Graph = graph;
        Subgraph = subgraph;
        _subgraphIndex = graph.Subgraphs.IndexOf(subgraph);
        if (_subgraphIndex < 0) throw new ArgumentException("The subgraph does not belong to the graph.", nameof(subgraph));
    }

    /// <summary>One rewriter per subgraph of <paramref name="graph"/>.</summary>
    public static IEnumerable<SubgraphRewriter> ForEachSubgraph(TfLiteGraph graph) =>
        graph.Subgraphs.ToArray().Select(sg => new SubgraphRewriter(graph, sg));

    /// <summary>
    /// Offers each operator of each subgraph to <paramref name="rewrite"/>, in execution order, skipping operators
    /// that an earlier rewrite removed.
    /// </summary>
    /// <returns>True when any call rewrote something.</returns>
    public static bool RewriteEach(TfLiteGraph graph, Func<SubgraphRewriter, Operator, bool> rewrite)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var changed = false;
        foreach (var rewriter in ForEachSubgraph(graph))
            foreach (var op in rewriter.Subgraph.Operators.ToArray())
                if (rewriter.Subgraph.Operators.Contains(op))
                    changed |= rewrite(rewriter, op);
        return changed;
    }

    /// <summary>The graph that owns <see cref="Subgraph"/> (its signature definitions are kept in step).</summary>
    public TfLiteGraph Graph { get; }

    /// <summary>The subgraph being rewritten.</summary>
    public Subgraph Subgraph { get; }

    private IEnumerable<SignatureDef> Signatures => Graph.SignatureDefs.Where(s => s.SubgraphIndex == _subgraphIndex);

    /// <summary>The operator that writes <paramref name="tensor"/>, or null for inputs and constants.</summary>
    public Operator? ProducerOf(Tensor tensor) => Subgraph.Operators.FirstOrDefault(o => o.Outputs.Contains(tensor));

    /// <summary>True when the tensor is a subgraph output or an output of a signature of this subgraph.</summary>
    public bool IsGraphOutput(Tensor tensor) =>
        Subgraph.Outputs.Contains(tensor) || Signatures.Any(s => s.Outputs.Any(kv => kv.Value == tensor));

    /// <summary>True when the tensor is a subgraph input or an input of a signature of this subgraph.</summary>
    public bool IsGraphInput(Tensor tensor) =>
        Subgraph.Inputs.Contains(tensor) || Signatures.Any(s => s.Inputs.Any(kv => kv.Value == tensor));

    /// <summary>How many operator input slots read the tensor.</summary>
    public int ReaderCount(Tensor tensor) => Subgraph.Operators.Sum(o => o.Inputs.Count(i => i == tensor));

    /// <summary>True when <paramref name="reader"/> reads the tensor through exactly one input slot, no other operator
    /// reads it and it is not a graph output: the tensor can disappear when <paramref name="reader"/> is folded away.</summary>
    public bool IsOnlyReadBy(Tensor tensor, Operator reader) =>
        ReaderCount(tensor) == 1 && reader.Inputs.Contains(tensor) && !IsGraphOutput(tensor);

    /// <summary>True when any operator, subgraph input/output or signature refers to the tensor.</summary>
    public bool IsReferenced(Tensor tensor) =>
        Subgraph.Operators.Any(o => o.Inputs.Contains(tensor) || o.Outputs.Contains(tensor) || o.Intermediates.Contains(tensor))
        || Subgraph.Inputs.Contains(tensor) || Subgraph.Outputs.Contains(tensor)
        || Signatures.Any(s => s.Inputs.Any(kv => kv.Value == tensor) || s.Outputs.Any(kv => kv.Value == tensor));

    /// <summary>
    /// Makes every reader of <paramref name="from"/> read <paramref name="to"/> instead: operator inputs, subgraph
    /// outputs and signature outputs. With <paramref name="includeProducer"/> the operator writing
    /// <paramref name="from"/> writes <paramref name="to"/> instead as well.
    /// </summary>
    public void ReplaceAllUses(Tensor from, Tensor to, bool includeProducer = false)
    {
        foreach (var op in Subgraph.Operators)
        {
            Replace(op.Inputs, from, to);
            if (includeProducer) Replace(op.Outputs, from, to);
        }
        Replace(Subgraph.Outputs, from, to);
        foreach (var sig in Signatures)
            for (var i = 0; i < sig.Outputs.Count; i++)
                if (sig.Outputs[i].Value == from)
                    sig.Outputs[i] = KeyValuePair.Create(sig.Outputs[i].Key, to);
    }

    /// <summary>Removes the operator, then every tensor it touched that nothing references any more.</summary>
    public void RemoveOperator(Operator op)
    {
        Subgraph.Operators.Remove(op);
        foreach (var t in op.Inputs.OfType<Tensor>().Concat(op.Outputs).Concat(op.Intermediates).Distinct())
            RemoveIfUnreferenced(t);
    }

    /// <summary>Drops the tensor from the subgraph when nothing references it.</summary>
    public void RemoveIfUnreferenced(Tensor tensor)
    {
        if (!IsReferenced(tensor)) Subgraph.Tensors.Remove(tensor);
    }

    /// <summary>
    /// Lets <paramref name="producer"/> write <paramref name="follower"/>'s single output in place of
    /// <paramref name="producedTensor"/>, then removes <paramref name="follower"/>. Used when the follower's work has
    /// been merged into the producer (a fused activation, a folded scale); the surviving tensor keeps the later name,
    /// as TensorFlow's converter does.
    /// </summary>
    public void Absorb(Operator producer, Tensor producedTensor, Operator follower)
    {
        var slot = producer.Outputs.IndexOf(producedTensor);
        if (slot < 0) throw new ArgumentException("The tensor is not an output of the producer.", nameof(producedTensor));
        producer.Outputs[slot] = follower.Outputs[0];
        RemoveOperator(follower);
    }

    /// <summary>
    /// Removes an operator whose single output equals <paramref name="input"/> (an identity), rewiring its readers to
    /// <paramref name="input"/>. When the output is a graph output, the producer of <paramref name="input"/> writes
    /// the output tensor instead, so the graph's interface keeps its tensors.
    /// </summary>
    /// <returns>False (nothing changed) when the identity cannot go: its output is a graph output while
    /// <paramref name="input"/> is a graph input, a constant or itself a graph output.</returns>
    public bool Bypass(Operator identity, Tensor input)
    {
        var output = identity.Outputs[0];
        if (IsGraphOutput(output))
        {
            if (IsGraphOutput(input) || IsGraphInput(input) || ProducerOf(input) is null) return false;
            identity.Inputs.RemoveAll(t => t == input);
            ReplaceAllUses(input, output, includeProducer: true);
            output.ShapeSignature ??= input.ShapeSignature;
        }
        else
        {
            ReplaceAllUses(output, input);
            // A range recorded on the identity's output (quantization-aware training) now describes the input.
            if (input.Quantization is null && output.Quantization is { IsQuantized: false } range) input.Quantization = range;
        }
        RemoveOperator(identity);
        if (!IsReferenced(input)) Subgraph.Tensors.Remove(input);
        return true;
    }

    /// <summary>A tensor name not used yet in the subgraph, built from <paramref name="stem"/>.</summary>
    public string UniqueName(string stem)
    {
        var names = Subgraph.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (!names.Contains(stem)) return stem;
        for (var i = 1; ; i++)
            if (!names.Contains($"{stem}_{i}")) return $"{stem}_{i}";
    }

    private static void Replace<T>(List<T> list, Tensor from, Tensor to) where T : class?
    {
        for (var i = 0; i < list.Count; i++)
            if (ReferenceEquals(list[i], from)) list[i] = (T)(object)to;
    }
}
