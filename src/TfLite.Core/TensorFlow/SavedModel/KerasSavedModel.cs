using System.Text.Json;
using System.Text.Json.Nodes;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// Converts a Keras SavedModel (what <c>model.save(folder)</c> writes in tf.keras 2.x: a SavedModel with
/// <c>keras_metadata.pb</c>) through the Keras layer converters: the model configuration is the root object's
/// <c>model_config</c> in <c>keras_metadata.pb</c>, and the weights come from the variables bundle.
/// </summary>
public static class KerasSavedModel
{
    /// <summary>The file that marks a SavedModel written by Keras.</summary>
    public const string MetadataFile = "keras_metadata.pb";

    /// <summary>Whether <paramref name="directory"/> is a SavedModel folder written by Keras.</summary>
    public static bool IsKerasSavedModel(string directory) =>
        TfImporter.IsSavedModelFolder(directory) && File.Exists(Path.Combine(directory, MetadataFile));

    /// <summary>Reads the folder and lowers every Keras layer to TFLite operators.</summary>
    /// <exception cref="ModelFormatException">The metadata, the model configuration or the variables are missing,
    /// damaged or do not fit together.</exception>
    /// <exception cref="UnsupportedLayerException">A layer class or option has no conversion.</exception>
    public static TfLiteGraph Import(string directory, KerasImportOptions? options = null)
    {
        var metadataPath = Path.Combine(directory, MetadataFile);
        options?.Progress?.Report($"Reading {MetadataFile}");
        var metadata = ReadMetadata(metadataPath);
        var root = metadata.Nodes.FirstOrDefault(n => n.NodePath == "root")
            ?? throw Malformed(metadataPath, "has no entry for the root object");
        var (config, kerasVersion) = ModelConfig(root.Metadata, metadataPath);
        var bundle = TensorBundle.Open(Path.Combine(directory, "variables", "variables"));
        var checkpoint = CheckpointObjectGraph.Read(bundle)
            ?? throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"The variables of '{directory}' have no object graph, so Keras layers cannot be matched to them.", directory);
        var weights = new KerasSavedModelWeights(LayerNodes(metadata, metadataPath), checkpoint, bundle);
        return KerasImporter.Convert(config, weights.GetWeights, options, kerasVersion, directory);
    }

    private static SavedMetadata ReadMetadata(string path)
    {
        try
        {
            return GraphDefFile.Read(path, SavedMetadata.Parser);
        }
        catch (ModelFormatException e) when (e.ErrorId == TfErrorIds.GraphDefMalformed)
        {
            throw new ModelFormatException(TfErrorIds.SavedModelMalformed, $"'{path}' is damaged or truncated: {e.Message}", path, e);
        }
    }

    // tf.keras writes {"class_name", "config", ..., "model_config": {"class_name", "config"}, "keras_version"}.
    private static (string Config, string? KerasVersion) ModelConfig(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Malformed(path, "holds root metadata that is not a JSON object");
            var version = root.TryGetProperty("keras_version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (root.TryGetProperty("model_config", out var config) && config.ValueKind == JsonValueKind.Object)
                return (WithPlainTuples(config.GetRawText()), version);
            if (root.TryGetProperty("class_name", out var className) && root.TryGetProperty("config", out var bare))
                return (WithPlainTuples(JsonSerializer.Serialize(new Dictionary<string, JsonElement> { ["class_name"] = className, ["config"] = bare })), version);
            throw Malformed(path, "has no model configuration in its root metadata (a subclassed model without get_config is not converted)");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(TfErrorIds.SavedModelMalformed, $"'{path}' holds root metadata that is not valid JSON: {e.Message}", path, e);
        }
    }

    // The metadata writes Python tuples as {"class_name": "__tuple__", "items": [...]}, where a model's own config
    // (model.to_json()) writes lists; the Keras converters read the lists.
    private static string WithPlainTuples(string json)
    {
        var node = JsonNode.Parse(json);
        return (Untuple(node) ?? node)!.ToJsonString();
    }

    private static JsonNode? Untuple(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 2 && obj["class_name"] is JsonValue { } name && name.TryGetValue<string>(out var cls)
                && cls == "__tuple__" && obj["items"] is JsonArray items:
                var list = new JsonArray();
                foreach (var item in items.ToList())
                {
                    items.Remove(item);
                    list.Add(Untuple(item) ?? item);
                }
                return list;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                    if (Untuple(obj[key]) is { } replaced) obj[key] = replaced;
                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (Untuple(array[i]) is { } replaced) array[i] = replaced;
                return null;
            default:
                return null;
        }
    }

    private static IEnumerable<(string NodePath, string LayerName)> LayerNodes(SavedMetadata metadata, string path)
    {
        foreach (var node in metadata.Nodes)
        {
            if (!node.NodePath.StartsWith("root.", StringComparison.Ordinal) || !node.Identifier.StartsWith("_tf_keras_", StringComparison.Ordinal)
                || node.Identifier == "_tf_keras_metric" || node.NodePath.Contains(".keras_api.", StringComparison.Ordinal))
                continue;
            string? name;
            try
            {
                using var document = JsonDocument.Parse(node.Metadata);
                name = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString() : null;
            }
            catch (JsonException e)
            {
                throw new ModelFormatException(TfErrorIds.SavedModelMalformed, $"'{path}' holds metadata of '{node.NodePath}' that is not valid JSON: {e.Message}", path, e);
            }
            if (name is not null) yield return (node.NodePath, name);
        }
    }

    private static ModelFormatException Malformed(string path, string detail) =>
        new(TfErrorIds.SavedModelMalformed, $"'{path}' {detail}.", path);
}
