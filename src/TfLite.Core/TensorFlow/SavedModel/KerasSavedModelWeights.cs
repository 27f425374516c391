using TfLite.Core.Keras;
using TfLite.Core.Keras.Files;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// The weights of a Keras SavedModel's layers. <c>keras_metadata.pb</c> names each layer object by its path from the
/// root (<c>root.layer_with_weights-0</c>, <c>root.layer-1.layer-0</c>) and carries its config name; the same path leads
/// through the checkpoint's object graph to the layer, whose variables (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...,
/// then those of sub-objects such as an RNN's <c>cell</c>) are its weights in Keras order.
/// </summary>
internal sealed class KerasSavedModelWeights
{
    // Children that hold the model's bookkeeping, never a layer's weights.
    private static readonly HashSet<string> NotWeights = new(StringComparer.Ordinal) { "keras_api", "optimizer", "save_counter", "signatures" };
    private const char PathSeparator = '\u001f';

    private readonly Dictionary<string, int> _layers = new(StringComparer.Ordinal);
    private readonly CheckpointObjectGraph _checkpoint;
    private readonly TensorBundle _bundle;

    public KerasSavedModelWeights(IEnumerable<(string NodePath, string LayerName)> layers, CheckpointObjectGraph checkpoint, TensorBundle bundle)
    {
        _checkpoint = checkpoint;
        _bundle = bundle;
        var names = layers.ToDictionary(l => l.NodePath, l => l.LayerName, StringComparer.Ordinal);
        foreach (var (path, _) in names)
        {
            var steps = path.Split('.');
            var layerPath = Enumerable.Range(2, steps.Length - 1)
                .Select(n => names.GetValueOrDefault(string.Join('.', steps.Take(n))))
                .OfType<string>();
            if (checkpoint.Resolve(steps.Skip(1)) is { } id) _layers.TryAdd(string.Join(PathSeparator, layerPath), id);
        }
    }

    /// <summary>The weights of the layer at <paramref name="layerPath"/> (layer names from the top model down), in
    /// Keras order; empty for a layer the checkpoint does not hold.</summary>
    /// <exception cref="ModelFormatException">A value is missing, damaged or not numeric.</exception>
    public IReadOnlyList<KerasWeight> GetWeights(IReadOnlyList<string> layerPath)
    {
        if (!_layers.TryGetValue(string.Join(PathSeparator, layerPath), out var id)) return [];
        var variables = new List<(int Id, string LocalName)>();
        Collect(id, new HashSet<int> { id }, variables);
        return [.. variables.Select(v => Read(v.Id, v.LocalName, string.Join('/', layerPath)))];
    }

    // A layer's own variables first, in the order it created them, then those of its sub-objects.
    private void Collect(int id, HashSet<int> seen, List<(int, string)> variables)
    {
        var children = _checkpoint.Children(id);
        var own = children.Where(c => _checkpoint.VariableKey(c.NodeId) is not null && seen.Add(c.NodeId)).Select(c => (c.NodeId, c.LocalName)).ToList();
        variables.AddRange(InCreationOrder(own));
        foreach (var child in children)
            if (_checkpoint.VariableKey(child.NodeId) is null && !NotWeights.Contains(child.LocalName) && seen.Add(child.NodeId))
                Collect(child.NodeId, seen, variables);
    }

    // The built-in layers create their weights in this order. The checkpoint lists a layer's children in the order
    // they were tracked, which is the same; sorting by it keeps the Keras order for a writer that lists them otherwise
    // (by name, say). Names outside the list leave the stored order alone.
    private static readonly string[] CreationOrder =
        ["kernel", "depthwise_kernel", "pointwise_kernel", "recurrent_kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance", "mean", "variance", "count", "embeddings"];

    private static IEnumerable<(int, string)> InCreationOrder(List<(int Id, string Name)> own) =>
        own.All(v => CreationOrder.Contains(v.Name)) ? own.OrderBy(v => Array.IndexOf(CreationOrder, v.Name)) : own;

    private KerasWeight Read(int id, string localName, string layer)
    {
        var key = _checkpoint.VariableKey(id)!;
        var tensor = _bundle.Read(key) ?? throw new ModelFormatException(TfErrorIds.MissingVariable,
            $"Weight '{localName}' of layer '{layer}' has no value under '{key}' in '{_bundle.Prefix}'.", layer);
        var name = KerasWeightNames.Split(_checkpoint.VariableName(id) ?? localName).ShortName;
        return new KerasWeight(name, TensorValues.ShapeOf(tensor, key), TensorValues.ToFloat(tensor, key));
    }
}
