using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>
/// The part of a GraphDef to convert: the outputs (named, or the sinks), the inputs (named, or the Placeholders the
/// outputs depend on) and, in execution order, the nodes between them. Walks are iterative, so a deep graph cannot
/// overflow the stack, and a cycle is an error naming a node on it.
/// </summary>
public sealed class NodeSelection
{
    // Ops that end a training or bookkeeping branch, never an inference output.
    private static readonly HashSet<string> NotOutputs = new(StringComparer.Ordinal)
    {
        "NoOp", "Assert", "SaveV2", "RestoreV2", "Save", "SaveSlices", "Restore", "RestoreSlice", "MergeV2Checkpoints",
        "Assign", "AssignAdd", "AssignSub", "AssignVariableOp", "Print", "PrintV2", "ScalarSummary", "HistogramSummary",
        "MergeSummary", "VarIsInitializedOp", "IsVariableInitialized", "Const", "Placeholder", "PlaceholderWithDefault",
        "VariableV2", "Variable", "VarHandleOp", "ShardedFilename", "StringJoin",
    };

    private NodeSelection(IReadOnlyList<TensorName> inputs, IReadOnlyList<TensorName> outputs, IReadOnlyList<NodeDef> order)
    {
        Inputs = inputs;
        Outputs = outputs;
        Order = order;
    }

    /// <summary>The graph's inputs.</summary>
    public IReadOnlyList<TensorName> Inputs { get; }

    /// <summary>The graph's outputs.</summary>
    public IReadOnlyList<TensorName> Outputs { get; }

    /// <summary>The nodes to convert, each after the nodes it reads (inputs excluded).</summary>
    public IReadOnlyList<NodeDef> Order { get; }

    /// <summary>Selects the nodes of <paramref name="graph"/> between the given (or default) inputs and outputs.</summary>
    /// <exception cref="ModelFormatException">A named node is missing, a node reads a missing node, or a cycle.</exception>
    public static NodeSelection Select(GraphDef graph, IReadOnlyList<string>? inputNames, IReadOnlyList<string>? outputNames, string? sourcePath)
    {
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            if (!nodes.TryAdd(node.Name, node))
                throw new ModelFormatException(TfErrorIds.InvalidNode, $"'{sourcePath}' has two nodes named '{node.Name}'.", node.Name);

        var outputs = outputNames is { Count: > 0 } ? outputNames.Select(TensorName.Parse).ToList() : Sinks(graph);
        if (outputs.Count == 0)
            throw new ModelFormatException(TfErrorIds.NodeNotFound, $"'{sourcePath}' has no node that could be an output; name one.", sourcePath);
        var namedInputs = inputNames is { Count: > 0 } ? inputNames.Select(TensorName.Parse).ToList() : null;
        foreach (var name in outputs.Concat(namedInputs ?? []))
            if (!nodes.ContainsKey(name.Node))
                throw new ModelFormatException(TfErrorIds.NodeNotFound, $"'{sourcePath}' has no node '{name.Node}'.", name.Node);

        var stops = new HashSet<string>(namedInputs?.Select(n => n.Node) ?? [], StringComparer.Ordinal);
        var order = TopologicalOrder(nodes, outputs, stops, sourcePath);
        var inputs = namedInputs ?? [.. order.Where(n => n.Op == "Placeholder").Select(n => new TensorName(n.Name, 0, false))];
        return new NodeSelection(inputs, outputs, [.. order.Where(n => !stops.Contains(n.Name) && !inputs.Any(i => i.Node == n.Name))]);
    }

    private static List<TensorName> Sinks(GraphDef graph)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var input in node.Input)
                read.Add(TensorName.Parse(input).Node);
        return [.. graph.Node.Where(n => !read.Contains(n.Name) && !NotOutputs.Contains(n.Op) && !IsBookkeeping(n.Name))
            .Select(n => new TensorName(n.Name, 0, false))];
    }

    private static bool IsBookkeeping(string name) => name.StartsWith("save/", StringComparison.Ordinal) || name == "init" || name.StartsWith("init_", StringComparison.Ordinal);

    private static List<NodeDef> TopologicalOrder(Dictionary<string, NodeDef> nodes, List<TensorName> outputs, HashSet<string> stops, string? sourcePath)
    {
        var order = new List<NodeDef>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the walk's path; true: done
        var stack = new Stack<(NodeDef Node, int Next)>();
        foreach (var output in outputs)
        {
            if (state.ContainsKey(output.Node)) continue;
            stack.Push((nodes[output.Node], 0));
            state[output.Node] = false;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var inputs = stops.Contains(node.Name) ? [] : DataInputs(node);
                if (next < inputs.Count)
                {
                    stack.Push((node, next + 1));
                    var name = inputs[next];
                    if (!nodes.TryGetValue(name, out var producer))
                        throw new ModelFormatException(TfErrorIds.NodeNotFound, $"Node '{node.Name}' reads '{name}', which '{sourcePath}' does not have.", node.Name);
                    if (state.TryGetValue(name, out var done))
                    {
                        if (!done)
                            throw new ModelFormatException(TfErrorIds.GraphCycle, $"'{sourcePath}' has a cycle through node '{name}' ({producer.Op}); loops (while_loop) are not converted.", name);
                        continue;
                    }
                    state[name] = false;
                    stack.Push((producer, 0));
                    continue;
                }
                state[node.Name] = true;
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>The nodes whose values <paramref name="node"/> reads (control inputs excluded).</summary>
    public static List<string> DataInputs(NodeDef node) =>
        [.. node.Input.Select(TensorName.Parse).Where(t => !t.IsControl).Select(t => t.Node)];
}
