using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// The values of a SavedModel's variables. In a TF2 SavedModel a variable is a resource captured by a function: the
/// concrete function's <c>bound_inputs</c> name the saved object behind each capture, and that object's path in the
/// MetaGraph's object graph leads, in the checkpoint's object graph, to the bundle key of its value. A TF1 SavedModel
/// (no object graph) keys its variables by name, as a TF1 checkpoint does.
/// </summary>
public sealed class SavedModelVariables : ITfVariableSource
{
    private readonly string _directory;
    private readonly TensorBundle? _bundle;
    private readonly CheckpointObjectGraph? _checkpoint;
    private readonly Dictionary<int, string[]> _savedPaths;
    private readonly Dictionary<string, int> _objectsByNode = new(StringComparer.Ordinal);

    private SavedModelVariables(string directory, TensorBundle? bundle, CheckpointObjectGraph? checkpoint, Dictionary<int, string[]> savedPaths)
    {
        _directory = directory;
        _bundle = bundle;
        _checkpoint = checkpoint;
        _savedPaths = savedPaths;
    }

    /// <summary>Opens the variables of <paramref name="folder"/>.</summary>
    /// <exception cref="ModelFormatException">The checkpoint's object graph is damaged.</exception>
    public static SavedModelVariables Open(SavedModelFolder folder)
    {
        var checkpoint = folder.Variables is { } bundle ? CheckpointObjectGraph.Read(bundle) : null;
        var saved = folder.MetaGraph.ObjectGraphDef ?? new SavedObjectGraph();
        return new SavedModelVariables(folder.Directory, folder.Variables, checkpoint, SavedObjectPaths.Of(saved));
    }

    /// <inheritdoc />
    public string Description => $"the variables of SavedModel '{_directory}'";

    /// <summary>Records that the variable node named <paramref name="nodeName"/> holds saved object <paramref name="objectId"/>.</summary>
    public void Bind(string nodeName, int objectId) => _objectsByNode[nodeName] = objectId;

    /// <summary>The bundle key of saved object <paramref name="objectId"/>'s value; null when it has none.</summary>
    public string? KeyOf(int objectId)
    {
        if (_checkpoint is null) return null;
        if (_savedPaths.TryGetValue(objectId, out var path) && _checkpoint.Resolve(path) is { } id && _checkpoint.VariableKey(id) is { } key)
            return key;
        // Both graphs come from one traversal of the saved objects, so their ids agree where a path does not lead.
        return _checkpoint.VariableKey(objectId);
    }

    /// <inheritdoc />
    public TensorProto? Find(NodeDef variableNode)
    {
        if (_bundle is null) return null;
        if (_objectsByNode.TryGetValue(variableNode.Name, out var objectId))
            return KeyOf(objectId) is { } key ? _bundle.Read(key) : null;
        return CheckpointVariables.FindByName(_bundle, variableNode);
    }
}
