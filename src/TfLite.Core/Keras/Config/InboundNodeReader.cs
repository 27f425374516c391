using System.Text.Json;
using System.Text.Json.Nodes;

namespace TfLite.Core.Keras.Config;

/// <summary>A reference to a layer output as configs write it: <c>[layer, node_index, tensor_index]</c>.</summary>
/// <param name="Layer">The producing layer's name.</param>
/// <param name="Node">Which call of that layer.</param>
/// <param name="Tensor">Which output of that call.</param>
internal readonly record struct TensorRef(string Layer, int Node, int Tensor)
{
    public override string ToString() => $"{Layer}[{Node}][{Tensor}]";
}

/// <summary>One recorded call of a layer: its positional tensor arguments and its keyword arguments.</summary>
internal sealed record InboundCall(IReadOnlyList<TensorRef> Args, IReadOnlyDictionary<string, IReadOnlyList<TensorRef>> KwargTensors, JsonObject Kwargs);

/// <summary>
/// Reads <c>inbound_nodes</c> in every dialect Keras has written: Keras 2 / tf.keras lists of
/// <c>[layer, node_index, tensor_index, kwargs]</c>, and Keras 3 <c>{"args": [...], "kwargs": {...}}</c> objects
/// whose tensors are <c>__keras_tensor__</c> entries with a <c>keras_history</c>.
/// </summary>
internal static class InboundNodeReader
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<TensorRef>> NoKwargTensors = new Dictionary<string, IReadOnlyList<TensorRef>>();

    /// <summary>The calls of a layer entry, in node order.</summary>
    public static IReadOnlyList<InboundCall> Read(JsonObject layerEntry, Func<string, Exception> invalid)
    {
        if (layerEntry["inbound_nodes"] is not { } nodes) return [];
        if (nodes is not JsonArray list) throw invalid("inbound_nodes is not a list");
        return list.Select(node => node switch
        {
            JsonObject keras3 => ReadKeras3(keras3, invalid),
            JsonArray keras2 => ReadKeras2(keras2, invalid),
            _ => throw invalid($"inbound node {LayerConfig.Format(node)} is neither a list nor an object"),
        }).ToList();
    }

    /// <summary>Reads a list of <c>[layer, node, tensor]</c> triples, or a single triple (Keras 3 writes a lone
    /// input or output that way).</summary>
    public static IReadOnlyList<TensorRef> ReadRefList(JsonNode? node, Func<string, Exception> invalid)
    {
        if (node is null) return [];
        if (node is JsonArray array && TryReadRef(array, out var single)) return [single];
        var refs = new List<TensorRef>();
        CollectRefs(node, refs, invalid);
        return refs;
    }

    private static InboundCall ReadKeras2(JsonArray node, Func<string, Exception> invalid)
    {
        var refs = new List<TensorRef>();
        CollectRefs(node, refs, invalid);
        // Keras 2 keeps the call's kwargs as the 4th element of each inbound entry; they are the same for all.
        var kwargs = node.FirstOrDefault() is JsonArray { Count: >= 4 } first && first[3] is JsonObject kw ? kw : [];
        return new InboundCall(refs, NoKwargTensors, kwargs);
    }

    private static InboundCall ReadKeras3(JsonObject node, Func<string, Exception> invalid)
    {
        var args = new List<TensorRef>();
        CollectKerasTensors(node["args"], args, invalid);
        var kwargs = node["kwargs"] as JsonObject ?? [];
        var kwargTensors = new Dictionary<string, IReadOnlyList<TensorRef>>();
        foreach (var (key, value) in kwargs)
        {
            var found = new List<TensorRef>();
            CollectKerasTensors(value, found, invalid);
            if (found.Count > 0) kwargTensors[key] = found;
        }
        return new InboundCall(args, kwargTensors, kwargs);
    }

    private static void CollectRefs(JsonNode? node, List<TensorRef> refs, Func<string, Exception> invalid)
    {
        if (node is not JsonArray array) return;
        if (TryReadRef(array, out var r)) { refs.Add(r); return; }
        foreach (var item in array)
        {
            if (item is JsonArray) CollectRefs(item, refs, invalid);
            else throw invalid($"inbound entry {LayerConfig.Format(node)} is not a [layer, node, tensor] reference");
        }
    }

    private static void CollectKerasTensors(JsonNode? node, List<TensorRef> refs, Func<string, Exception> invalid)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) CollectKerasTensors(item, refs, invalid);
                break;
            case JsonObject obj when obj["class_name"].AsString() == "__keras_tensor__":
                var history = obj["config"].Field("keras_history") as JsonArray;
                if (history is null || !TryReadRef(history, out var r))
                    throw invalid($"keras tensor {LayerConfig.Format(obj)} has no valid keras_history");
                refs.Add(r);
                break;
        }
    }

    private static bool TryReadRef(JsonArray array, out TensorRef reference)
    {
        reference = default;
        if (array.Count is < 3 or > 4) return false;
        if (array[0]?.GetValueKind() != JsonValueKind.String) return false;
        if (array[1]?.GetValueKind() != JsonValueKind.Number || array[2]?.GetValueKind() != JsonValueKind.Number) return false;
        reference = new TensorRef(array[0]!.GetValue<string>(), (int)LayerConfig.ParseNumber(array[1]!), (int)LayerConfig.ParseNumber(array[2]!));
        return true;
    }
}
