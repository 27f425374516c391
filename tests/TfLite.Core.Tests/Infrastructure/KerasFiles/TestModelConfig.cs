using System.Text.Json;

namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>A layer entry of a model configuration, as the writers need it.</summary>
/// <param name="Name">The layer name.</param>
/// <param name="ClassName">The Keras class (<c>Dense</c>, <c>Sequential</c>, ...).</param>
/// <param name="Layers">The layers of a nested model, empty for a plain layer.</param>
public sealed record TestLayerEntry(string Name, string ClassName, IReadOnlyList<TestLayerEntry> Layers)
{
    /// <summary>True for a model whose layers are saved in <c>model.layers</c> order.</summary>
    public bool IsModel => ClassName is "Sequential" or "Functional" or "Model";

    /// <summary>
    /// The layers Keras saves for this model: <c>model.layers</c>, which for a Sequential model leaves out the
    /// InputLayer while a functional model keeps it.
    /// </summary>
    public IEnumerable<TestLayerEntry> SavedLayers() =>
        ClassName == "Sequential" ? Layers.Where(l => l.ClassName != "InputLayer") : Layers;

    /// <summary>Every layer inside this model, through nested models, with its slash-joined layer path.</summary>
    public IEnumerable<(string Path, TestLayerEntry Layer)> Descendants(string prefix = "")
    {
        foreach (var layer in Layers)
        {
            var path = prefix.Length == 0 ? layer.Name : $"{prefix}/{layer.Name}";
            yield return (path, layer);
            foreach (var inner in layer.Descendants(path)) yield return inner;
        }
    }
}

/// <summary>Reads the layer tree of a model configuration JSON for the test file writers.</summary>
public static class TestModelConfig
{
    /// <summary>The top-level model entry of a <c>{"class_name", "config"}</c> JSON.</summary>
    public static TestLayerEntry Parse(string modelConfigJson)
    {
        using var document = JsonDocument.Parse(modelConfigJson);
        return Entry(document.RootElement);
    }

    private static TestLayerEntry Entry(JsonElement entry)
    {
        var className = entry.GetProperty("class_name").GetString()!;
        var config = entry.GetProperty("config");
        var name = config.TryGetProperty("name", out var n) ? n.GetString()! : entry.GetProperty("name").GetString()!;
        var layers = config.TryGetProperty("layers", out var list) ? list.EnumerateArray().Select(Entry).ToArray() : [];
        return new TestLayerEntry(name, className, layers);
    }
}
