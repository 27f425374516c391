using System.Text.Json;

namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>Typed access to one layer's <c>config</c> object, accepting the spellings of Keras 2.0, tf.keras and
/// Keras 3 (ints or lists for tuples, <c>alpha</c> or <c>negative_slope</c>, activations as strings or objects).</summary>
public sealed class LayerConfig
{
    /// <summary>Wraps a layer entry <c>{"class_name": ..., "config": {...}, ...}</c>.</summary>
    public LayerConfig(JsonElement layer, int kerasMajor)
    {
        Layer = layer;
        ClassName = layer.GetProperty("class_name").GetString() ?? throw new FormatException("Layer without class_name.");
        Config = layer.TryGetProperty("config", out var c) ? c : default;
        Name = TryGet("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
            : layer.TryGetProperty("name", out var ln) ? ln.GetString() ?? ClassName : ClassName;
        KerasMajor = kerasMajor;
    }

    /// <summary>The whole layer entry (with <c>inbound_nodes</c> in functional models).</summary>
    public JsonElement Layer { get; }

    /// <summary>The layer class, e.g. <c>Conv2D</c>.</summary>
    public string ClassName { get; }

    /// <summary>The layer's name.</summary>
    public string Name { get; }

    /// <summary>The <c>config</c> object.</summary>
    public JsonElement Config { get; }

    /// <summary>2 for Keras 2.x / tf.keras, 3 for Keras 3 (defaults and formulas differ).</summary>
    public int KerasMajor { get; }

    /// <summary>Reads a config entry when present and not null.</summary>
    public bool TryGet(string key, out JsonElement value)
    {
        value = default;
        return Config.ValueKind == JsonValueKind.Object && Config.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>An integer option.</summary>
    public int Int(string key, int fallback) => TryGet(key, out var v) ? v.GetInt32() : fallback;

    /// <summary>A number option.</summary>
    public double Double(string key, double fallback) => TryGet(key, out var v) ? v.GetDouble() : fallback;

    /// <summary>A boolean option.</summary>
    public bool Bool(string key, bool fallback) => TryGet(key, out var v) ? v.GetBoolean() : fallback;

    /// <summary>A string option.</summary>
    public string String(string key, string fallback) => TryGet(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;

    /// <summary>A tuple option of <paramref name="n"/> ints given as one int or a list.</summary>
    public int[] Ints(string key, int n, int fallback)
    {
        if (!TryGet(key, out var v)) return Enumerable.Repeat(fallback, n).ToArray();
        if (v.ValueKind == JsonValueKind.Number) return Enumerable.Repeat(v.GetInt32(), n).ToArray();
        var list = v.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        if (list.Length == 1 && n > 1) return Enumerable.Repeat(list[0], n).ToArray();
        if (list.Length != n) throw new FormatException($"{Name}: {key} has {list.Length} values, expected {n}.");
        return list;
    }

    /// <summary>A list of ints (or one int), without a fixed length.</summary>
    public int[]? IntList(string key)
    {
        if (!TryGet(key, out var v)) return null;
        return v.ValueKind == JsonValueKind.Number ? [v.GetInt32()] : v.EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    /// <summary>Per-dimension (before, after) pairs for padding/cropping: an int, a list of ints (symmetric per dim)
    /// or a list of pairs.</summary>
    public (int Before, int After)[] Pairs(string key, int dims, int fallback)
    {
        if (!TryGet(key, out var v)) return Enumerable.Repeat((fallback, fallback), dims).ToArray();
        if (v.ValueKind == JsonValueKind.Number) return Enumerable.Repeat((v.GetInt32(), v.GetInt32()), dims).ToArray();
        var items = v.EnumerateArray().ToArray();
        if (dims == 1 && items.Length == 2 && items[0].ValueKind == JsonValueKind.Number)
            return [(items[0].GetInt32(), items[1].GetInt32())];
        if (items.Length != dims) throw new FormatException($"{Name}: {key} needs {dims} entries.");
        return items.Select(e => e.ValueKind == JsonValueKind.Number
            ? (e.GetInt32(), e.GetInt32())
            : (e[0].GetInt32(), e[1].GetInt32())).ToArray();
    }

    /// <summary>An activation option, as its Keras name (<c>linear</c> when absent).</summary>
    public string Activation(string key = "activation") => TryGet(key, out var v) ? ActivationName(v) : "linear";

    private static string ActivationName(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        // Keras 3 may serialize a built-in activation as {"class_name": "function", "config": "relu", ...}; an
        // activation layer object as {"class_name": "ReLU", "config": {...}}.
        JsonValueKind.Object when v.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.String => c.GetString()!,
        JsonValueKind.Object when v.TryGetProperty("class_name", out var cn) => cn.GetString()!,
        _ => throw new FormatException("Unreadable activation " + v),
    };

    /// <summary>True when the layer uses channels-first data, which the reference does not evaluate.</summary>
    public bool ChannelsFirst => String("data_format", "channels_last") == "channels_first";
}
