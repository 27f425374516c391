using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>
/// Removes operators whose outputs reach no graph output (unless the operator has effects beyond its outputs), then
/// every tensor — and with it its constant buffer — that no operator, subgraph input/output or signature refers to.
/// </summary>
public sealed class RemoveDeadCode : IGraphPass
{
    // Operators that act on state or call other subgraphs: removing them could change what the model does.
    private static readonly HashSet<BuiltinOperator> SideEffects =
    [
        BuiltinOperator.AssignVariable, BuiltinOperator.CallOnce, BuiltinOperator.Call, BuiltinOperator.If,
        BuiltinOperator.While, BuiltinOperator.Custom, BuiltinOperator.Delegate, BuiltinOperator.HashtableImport,
        BuiltinOperator.StablehloCustomCall,
    ];

    /// <inheritdoc />
    public string Name => "RemoveDeadCode";

    /// <inheritdoc />
    public bool Run(TfLiteGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var changed = false;
        foreach (var rewriter in SubgraphRewriter.ForEachSubgraph(graph))
            changed |= RemoveDeadOperators(rewriter) | RemoveUnreferencedTensors(rewriter);
        return changed;
    }

    private static bool RemoveDeadOperators(SubgraphRewriter rewriter)
    {
        var sg = rewriter.Subgraph;
        var live = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var t in sg.Outputs) live.Add(t);
        foreach (var sig in rewriter.Graph.SignatureDefs.Where(s => rewriter.Graph.Subgraphs.IndexOf(sg) == s.SubgraphIndex))
            foreach (var kv in sig.Outputs) live.Add(kv.Value);

        var liveOps = new HashSet<Operator>(ReferenceEqualityComparer.Instance);
        // Operators are in execution order, so one backward sweep marks every producer of a live tensor; sweep
        // again until stable in case the order is not topological.
        bool grew;
        do
        {
            grew = false;
            for (var i = sg.Operators.Count - 1; i >= 0; i--)
            {
                var op = sg.Operators[i];
                if (liveOps.Contains(op) || !(HasSideEffects(op) || op.Outputs.Any(live.Contains))) continue;
                liveOps.Add(op);
                grew = true;
                foreach (var t in op.Inputs.OfType<Tensor>().Concat(op.Intermediates)) live.Add(t);
            }
        } while (grew);

        var dead = sg.Operators.Where(op => !liveOps.Contains(op)).ToArray();
        foreach (var op in dead) sg.Operators.Remove(op);
        return dead.Length > 0;
    }

    private static bool RemoveUnreferencedTensors(SubgraphRewriter rewriter) =>
        rewriter.Subgraph.Tensors.RemoveAll(t => !rewriter.IsReferenced(t)) > 0;

    private static bool HasSideEffects(Operator op) =>
        SideEffects.Contains(op.Code) || op.Inputs.Any(t => t is { IsVariable: true });
}
