using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TfLite.Core.Keras.Config;

/// <summary>
/// Typed, checked access to a layer's <c>config</c> JSON object. Values of the wrong JSON type raise
/// <see cref="ModelFormatException"/> (<c>InvalidLayerConfig</c>); values the converter does not handle raise
/// <see cref="UnsupportedLayerException"/> (<c>UnsupportedLayerOption</c>) through <see cref="Unsupported"/>.
/// </summary>
public sealed class LayerConfig
{
    /// <summary>Wraps a config object of the layer <paramref name="layerName"/> of class <paramref name="className"/>.</summary>
    public LayerConfig(string layerName, string className, JsonObject json)
    {
        LayerName = layerName;
        ClassName = className;
        Json = json;
    }

    /// <summary>The layer the config belongs to (for messages).</summary>
    public string LayerName { get; }

    /// <summary>The layer's class (for messages).</summary>
    public string ClassName { get; }

    /// <summary>The raw config object.</summary>
    public JsonObject Json { get; }

    /// <summary>True when <paramref name="key"/> is present and not null.</summary>
    public bool Has(string key) => Json[key] is not null;

    /// <summary>The raw value, or null when missing or null.</summary>
    public JsonNode? this[string key] => Json[key];

    /// <summary>An integer option.</summary>
    public int GetInt(string key, int? defaultValue = null) =>
        Json[key] is { } node ? ToInt(key, node) : defaultValue ?? throw Missing(key);

    /// <summary>A float option.</summary>
    public float GetFloat(string key, float? defaultValue = null) =>
        Json[key] is { } node ? (float)ToDouble(key, node) : defaultValue ?? throw Missing(key);

    /// <summary>A boolean option.</summary>
    public bool GetBool(string key, bool? defaultValue = null)
    {
        if (Json[key] is not { } node) return defaultValue ?? throw Missing(key);
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(key, node, "a boolean"),
        };
    }

    /// <summary>A string option.</summary>
    public string GetString(string key, string? defaultValue = null)
    {
        if (Json[key] is not { } node) return defaultValue ?? throw Missing(key);
        return node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw Invalid(key, node, "a string");
    }

    /// <summary>A string option restricted to <paramref name="supported"/> values (compared case-insensitively,
    /// returned lower-case); any other value is an unsupported option.</summary>
    public string GetChoice(string key, string defaultValue, params string[] supported)
    {
        var value = GetString(key, defaultValue).ToLowerInvariant();
        return supported.Contains(value) ? value : throw Unsupported(key);
    }

    /// <summary>An int or a list of <paramref name="rank"/> ints (Keras's <c>normalize_tuple</c>): a single int is
    /// repeated.</summary>
    public int[] GetTuple(string key, int rank, int[]? defaultValue = null)
    {
        if (Json[key] is not { } node) return defaultValue ?? throw Missing(key);
        if (node is JsonArray array)
        {
            if (array.Count != rank) throw Invalid(key, node, $"{rank} integers");
            return array.Select(n => n is null ? throw Invalid(key, node, $"{rank} integers") : ToInt(key, n)).ToArray();
        }
        return Enumerable.Repeat(ToInt(key, node), rank).ToArray();
    }

    /// <summary>A list of ints where null stands for an unknown dimension (-1), e.g. a shape.</summary>
    public int[]? GetShape(string key)
    {
        if (Json[key] is not { } node) return null;
        if (node is not JsonArray array) throw Invalid(key, node, "a list of dimensions");
        return array.Select(n => n is null ? -1 : ToInt(key, n)).ToArray();
    }

    /// <summary>An int or a list of ints, e.g. an axis option.</summary>
    public int[] GetIntList(string key, int[]? defaultValue = null)
    {
        if (Json[key] is not { } node) return defaultValue ?? throw Missing(key);
        return node is JsonArray array
            ? array.Select(n => n is null ? throw Invalid(key, node, "a list of integers") : ToInt(key, n)).ToArray()
            : [ToInt(key, node)];
    }

    /// <summary>A number or a list of numbers.</summary>
    public float[] GetFloatList(string key, float[]? defaultValue = null)
    {
        if (Json[key] is not { } node) return defaultValue ?? throw Missing(key);
        return node is JsonArray array
            ? array.Select(n => n is null ? throw Invalid(key, node, "a list of numbers") : (float)ToDouble(key, n)).ToArray()
            : [(float)ToDouble(key, node)];
    }

    /// <summary>A nested object option (e.g. a wrapped layer's <c>{"class_name", "config"}</c>).</summary>
    public JsonObject GetObject(string key) =>
        Json[key] as JsonObject ?? throw (Has(key) ? Invalid(key, Json[key], "an object") : Missing(key));

    /// <summary>Throws <see cref="UnsupportedLayerException"/> when <paramref name="key"/> holds a value other than
    /// null, absent, or one of <paramref name="allowed"/> (compared as JSON text).</summary>
    public void RequireOneOf(string key, params string[] allowed)
    {
        if (Json[key] is { } node && !allowed.Contains(node.ToJsonString()))
            throw Unsupported(key);
    }

    /// <summary>The exception for an option value the converter does not handle.</summary>
    public UnsupportedLayerException Unsupported(string key, string? why = null) =>
        new(LayerName, ClassName, $"option {key}={Format(Json[key])} is not supported{(why is null ? "" : " (" + why + ")")}",
            "UnsupportedLayerOption");

    /// <summary>The exception for a malformed option value.</summary>
    public ModelFormatException Invalid(string key, JsonNode? node, string expected) =>
        new("InvalidLayerConfig", $"Layer '{LayerName}' ({ClassName}): option '{key}' should be {expected} but is {Format(node)}.", LayerName);

    private ModelFormatException Missing(string key) =>
        new("InvalidLayerConfig", $"Layer '{LayerName}' ({ClassName}): required option '{key}' is missing.", LayerName);

    private int ToInt(string key, JsonNode node)
    {
        var d = ToDouble(key, node);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) throw Invalid(key, node, "an integer");
        return (int)d;
    }

    private double ToDouble(string key, JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.Number) throw Invalid(key, node, "a number");
        return ParseNumber(node);
    }

    /// <summary>The value of a JSON number node, whatever the node was built from.</summary>
    internal static double ParseNumber(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Formats a JSON value the way messages show it (Python-like: None for null).</summary>
    public static string Format(JsonNode? node) => node switch
    {
        null => "None",
        _ when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
        _ when node.GetValueKind() == JsonValueKind.Number => ParseNumber(node).ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
