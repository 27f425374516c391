using Google.Protobuf;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// The object graph a TF2 checkpoint keeps under <c>_CHECKPOINTABLE_OBJECT_GRAPH</c>: node 0 is the saved root
/// object, children are reached by their local names (<c>layer_with_weights-0</c>, <c>kernel</c>), and a variable's
/// value lies under the bundle key of its <c>VARIABLE_VALUE</c> attribute
/// (<c>layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>).
/// </summary>
public sealed class CheckpointObjectGraph
{
    /// <summary>The bundle key of the serialized object graph.</summary>
    public const string BundleKey = "_CHECKPOINTABLE_OBJECT_GRAPH";

    private const string VariableAttribute = "VARIABLE_VALUE";
    private readonly TrackableObjectGraph _graph;

    private CheckpointObjectGraph(TrackableObjectGraph graph) => _graph = graph;

    /// <summary>Reads the object graph of <paramref name="bundle"/>; null when the bundle has none (a TF1 checkpoint).</summary>
    /// <exception cref="ModelFormatException">The entry is damaged or does not parse.</exception>
    public static CheckpointObjectGraph? Read(TensorBundle bundle)
    {
        var strings = bundle.ReadStrings(BundleKey);
        if (strings is null) return null;
        if (strings.Count != 1)
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"'{BundleKey}' in '{bundle.Prefix}' holds {strings.Count} strings, not one.", bundle.Prefix);
        try
        {
            return new CheckpointObjectGraph(TrackableObjectGraph.Parser.ParseFrom(strings[0]));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"The object graph of '{bundle.Prefix}' does not parse: {e.Message}", bundle.Prefix, e);
        }
    }

    /// <summary>The number of objects.</summary>
    public int Count => _graph.Nodes.Count;

    /// <summary>The object reached from the root through <paramref name="path"/> (local names); null when a name is missing.</summary>
    public int? Resolve(IEnumerable<string> path)
    {
        var id = 0;
        if (Count == 0) return null;
        foreach (var name in path)
        {
            var child = Children(id).FirstOrDefault(c => c.LocalName == name);
            if (child is null) return null;
            id = child.NodeId;
        }
        return id;
    }

    /// <summary>The children of object <paramref name="id"/> in stored order; none for an id outside the graph.</summary>
    public IReadOnlyList<TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference> Children(int id) =>
        id >= 0 && id < Count ? _graph.Nodes[id].Children.Where(c => c.NodeId >= 0 && c.NodeId < Count).ToList() : [];

    /// <summary>The bundle key of the value of variable <paramref name="id"/>; null when that object is no variable.</summary>
    public string? VariableKey(int id) => VariableAttributeOf(id)?.CheckpointKey;

    /// <summary>The name the variable had in TensorFlow (<c>dense/kernel</c>); null when unknown.</summary>
    public string? VariableName(int id) => VariableAttributeOf(id)?.FullName is { Length: > 0 } name ? name : null;

    private TrackableObjectGraph.Types.TrackableObject.Types.SerializedTensor? VariableAttributeOf(int id) =>
        id >= 0 && id < Count ? _graph.Nodes[id].Attributes.FirstOrDefault(a => a.Name == VariableAttribute) : null;
}
