using System.Text.Json;
using System.Text.Json.Nodes;

namespace TfLite.Core.Keras.Config;

/// <summary>Lenient reads from JSON nodes of unknown shape: a missing field, or a node of another kind, reads as null
/// instead of throwing, so malformed configs end in a clear message rather than a JSON exception.</summary>
internal static class JsonFields
{
    /// <summary>The field <paramref name="key"/> of an object node, else null.</summary>
    public static JsonNode? Field(this JsonNode? node, string key) => node is JsonObject obj ? obj[key] : null;

    /// <summary>The node's string value, else null.</summary>
    public static string? AsString(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
