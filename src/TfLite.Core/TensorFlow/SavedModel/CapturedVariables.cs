using TfLite.Core.TensorFlow.Conversion;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// Ties the resource inputs that a TF2 SavedModel's call nodes capture to the saved variables behind them. A concrete
/// function's <c>bound_inputs</c> (in the MetaGraph's object graph) list, in order, the saved objects passed as its
/// last inputs; each that is a variable is read from a <c>VarHandleOp</c> node (the graph's own, or one added here) whose
/// value the variable source finds through the checkpoint's object graph.
/// </summary>
internal static class CapturedVariables
{
    /// <summary>Binds the captured variables of every call node of <paramref name="graph"/>, adding or rewiring
    /// <c>VarHandleOp</c> nodes where needed.</summary>
    /// <exception cref="ModelFormatException">A call passes fewer inputs than its function binds, or names a saved
    /// object that does not exist (<see cref="TfErrorIds.SavedModelMalformed"/>).</exception>
    public static void Bind(GraphDef graph, SavedObjectGraph? objects, SavedModelVariables variables, FunctionInliner inliner, string file)
    {
        if (objects is null) return;
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in graph.Node) nodes.TryAdd(node.Name, node);
        foreach (var call in graph.Node.ToList())
        {
            if (inliner.CalledFunction(call) is not { } function || !objects.ConcreteFunctions.TryGetValue(function, out var concrete)) continue;
            var bound = concrete.BoundInputs;
            var dataInputs = Enumerable.Range(0, call.Input.Count).Where(i => !call.Input[i].StartsWith('^')).ToList();
            if (bound.Count > dataInputs.Count)
                throw new ModelFormatException(TfErrorIds.SavedModelMalformed,
                    $"Node '{call.Name}' passes {dataInputs.Count} input(s) to '{function}', which binds {bound.Count} captured object(s) ('{file}').", call.Name);
            for (var i = 0; i < bound.Count; i++)
            {
                var objectId = bound[i];
                if (objectId < 0 || objectId >= objects.Nodes.Count)
                    throw new ModelFormatException(TfErrorIds.SavedModelMalformed,
                        $"Function '{function}' binds saved object {objectId}, but the object graph has {objects.Nodes.Count} ('{file}').", call.Name);
                if (objects.Nodes[objectId].KindCase != SavedObject.KindOneofCase.Variable) continue;
                var position = dataInputs[dataInputs.Count - bound.Count + i];
                var producer = TensorName.Parse(call.Input[position]).Node;
                if (nodes.TryGetValue(producer, out var handle) && handle.Op == "VarHandleOp")
                {
                    variables.Bind(producer, objectId);
                    continue;
                }
                var added = HandleNode($"{call.Name}/captured_variable_{i}", objects.Nodes[objectId].Variable);
                graph.Node.Add(added);
                nodes[added.Name] = added;
                call.Input[position] = added.Name;
                variables.Bind(added.Name, objectId);
            }
        }
    }

    private static NodeDef HandleNode(string name, SavedVariable variable) => new()
    {
        Name = name,
        Op = "VarHandleOp",
        Attr =
        {
            ["dtype"] = new AttrValue { Type = variable.Dtype },
            ["shape"] = new AttrValue { Shape = variable.Shape ?? new TensorShapeProto() },
        },
    };
}
