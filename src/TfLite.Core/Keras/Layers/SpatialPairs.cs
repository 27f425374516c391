using System.Text.Json;
using System.Text.Json.Nodes;
using TfLite.Core.Keras.Config;

namespace TfLite.Core.Keras.Layers;

/// <summary>Reads (before, after) amounts per spatial dimension from padding/cropping options, in every form Keras
/// accepts: one int for all, one int per dimension, or one (before, after) pair per dimension (for 1-D also a bare
/// (before, after) pair).</summary>
internal static class SpatialPairs
{
    public static (int Before, int After)[] Read(LayerContext c, string key, int rank, int defaultValue)
    {
        var node = c.Config[key];
        if (node is null) return Enumerable.Repeat((defaultValue, defaultValue), rank).ToArray();
        if (IsInt(node)) return Enumerable.Repeat((Int(node), Int(node)), rank).ToArray();
        if (node is JsonArray array)
        {
            if (rank == 1 && array.Count == 2 && array.All(IsInt)) return [(Int(array[0]!), Int(array[1]!))];
            if (array.Count == rank && array.All(IsInt)) return array.Select(n => (Int(n!), Int(n!))).ToArray();
            if (array.Count == rank && array.All(n => n is JsonArray { Count: 2 } pair && pair.All(IsInt)))
                return array.Select(n => (Int(n![0]!), Int(n[1]!))).ToArray();
        }
        throw c.Config.Invalid(key, node, $"an int, {rank} ints or {rank} (before, after) pairs");
    }

    private static bool IsInt(JsonNode? n) => n is not null && n.GetValueKind() == JsonValueKind.Number && LayerConfig.ParseNumber(n) % 1 == 0;

    private static int Int(JsonNode n) => (int)LayerConfig.ParseNumber(n);
}
