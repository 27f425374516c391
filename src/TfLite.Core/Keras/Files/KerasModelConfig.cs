using System.Text.Json;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Reads what the file layer needs from a Keras model configuration: the layer entries of a model (and of the models
/// nested in it), their names and classes. Handles tf.keras 2.x and Keras 3 serialisations.
/// </summary>
internal sealed class KerasModelConfig
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 512 };

    private KerasModelConfig(JsonElement root) => Root = root;

    /// <summary>The top-level <c>{"class_name": ..., "config": ...}</c> object.</summary>
    public JsonElement Root { get; }

    /// <summary>Parses and checks the configuration JSON.</summary>
    /// <exception cref="ModelFormatException"><c>InvalidModelConfig</c> when it is not a Keras model configuration.</exception>
    public static KerasModelConfig Parse(string json, string file, string source)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ModelFormatException("InvalidModelConfig", $"'{file}': {source} is not valid JSON ({e.Message}).", file, e);
        }

        if (root.ValueKind != JsonValueKind.Object || ClassName(root) is null)
            throw new ModelFormatException("InvalidModelConfig",
                $"'{file}': {source} is not a Keras model configuration (expected a JSON object with \"class_name\").", file);
        return new KerasModelConfig(root);
    }

    /// <summary>The class of a layer or model entry (<c>Conv2D</c>, <c>Sequential</c>, ...).</summary>
    public static string? ClassName(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("class_name", out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetString()
            : null;

    /// <summary>The name of a layer entry: <c>config.name</c>, or the entry's own <c>name</c> (tf.keras functional).</summary>
    public static string? Name(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object) return null;
        if (entry.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            return n.GetString();
        return entry.TryGetProperty("name", out var own) && own.ValueKind == JsonValueKind.String ? own.GetString() : null;
    }

    /// <summary>The layer entries of a model entry (<c>config.layers</c>; very old Sequential configs are the list
    /// itself); empty for a plain layer.</summary>
    public static IReadOnlyList<JsonElement> Layers(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("config", out var config)) return [];
        if (config.ValueKind == JsonValueKind.Array) return config.EnumerateArray().ToArray();
        return config.ValueKind == JsonValueKind.Object && config.TryGetProperty("layers", out var layers)
               && layers.ValueKind == JsonValueKind.Array
            ? layers.EnumerateArray().ToArray()
            : [];
    }

    /// <summary>The entry of the layer at a path of layer names through nested models, or null.</summary>
    public JsonElement? Find(IReadOnlyList<string> layerPath)
    {
        var entry = Root;
        foreach (var name in layerPath)
        {
            var next = Layers(entry).Where(e => Name(e) == name).Cast<JsonElement?>().FirstOrDefault();
            if (next is null) return null;
            entry = next.Value;
        }
        return entry;
    }

    /// <summary>The names of every layer inside a model entry, through all nesting levels.</summary>
    public static IEnumerable<string> DescendantNames(JsonElement entry)
    {
        foreach (var layer in Layers(entry))
        {
            if (Name(layer) is { } name) yield return name;
            foreach (var inner in DescendantNames(layer)) yield return inner;
        }
    }
}
