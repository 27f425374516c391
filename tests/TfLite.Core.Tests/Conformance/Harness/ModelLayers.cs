using System.Text.Json;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>The Keras layer classes named in a model config, nested models and wrapped layers included, InputLayer
/// left out.</summary>
public static class ModelLayers
{
    /// <summary>Distinct layer class names, sorted.</summary>
    public static IReadOnlyList<string> Of(string modelConfigJson)
    {
        using var doc = JsonDocument.Parse(modelConfigJson);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Collect(doc.RootElement, names, top: true);
        return names.ToList();
    }

    private static void Collect(JsonElement e, SortedSet<string> into, bool top)
    {
        if (e.ValueKind != JsonValueKind.Object) return;
        if (e.TryGetProperty("class_name", out var cn) && cn.ValueKind == JsonValueKind.String && e.TryGetProperty("config", out var config))
        {
            if (!top && cn.GetString() != "InputLayer") into.Add(cn.GetString()!);
            var layers = config.ValueKind == JsonValueKind.Array ? config
                : config.ValueKind == JsonValueKind.Object && config.TryGetProperty("layers", out var l) ? l : default;
            if (layers.ValueKind == JsonValueKind.Array)
                foreach (var layer in layers.EnumerateArray()) Collect(layer, into, top: false);
            if (config.ValueKind == JsonValueKind.Object && config.TryGetProperty("layer", out var inner)) Collect(inner, into, top: false);
        }
    }
}
