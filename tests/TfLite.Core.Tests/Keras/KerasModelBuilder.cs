using Xunit;
using System.Text.Json;
using System.Text.Json.Nodes;
using TfLite.Core.Graph;
using TfLite.Core.Keras;

namespace TfLite.Core.Tests.Keras;

/// <summary>
/// Builds small Keras model configs (Keras 2 / tf.keras dialect) and their weights in memory, and converts them
/// through <see cref="KerasImporter.Convert"/>. Layer configs are anonymous objects serialized to JSON; weights are
/// keyed by layer path ("dense", "sequential_1/dense").
/// </summary>
internal sealed class KerasModelBuilder
{
    private readonly JsonArray _layers = [];
    private readonly Dictionary<string, List<KerasWeight>> _weights = [];

    /// <summary>A Sequential model with an InputLayer of <paramref name="shape"/> (batch excluded, -1 = None).</summary>
    public static KerasModelBuilder Sequential(params int[] shape)
    {
        var b = new KerasModelBuilder();
        b._layers.Add(Layer("InputLayer", new { name = "input_1", batch_input_shape = BatchShape(shape), dtype = "float32" }));
        return b;
    }

    /// <summary>Appends a layer; <paramref name="config"/> must include its <c>name</c>.</summary>
    public KerasModelBuilder Add(string className, object config, params KerasWeight[] weights)
    {
        var layer = Layer(className, config);
        _layers.Add(layer);
        if (weights.Length > 0) _weights[layer["config"]!["name"]!.GetValue<string>()] = [.. weights];
        return this;
    }

    /// <summary>Sets the weights of a layer path.</summary>
    public KerasModelBuilder Weights(string layerPath, params KerasWeight[] weights)
    {
        _weights[layerPath] = [.. weights];
        return this;
    }

    /// <summary>The Sequential config JSON.</summary>
    public string Json => new JsonObject { ["class_name"] = "Sequential", ["config"] = new JsonObject { ["name"] = "sequential", ["layers"] = _layers.DeepClone() } }.ToJsonString();

    /// <summary>Converts the model without the graph passes (the importer's naive lowering).</summary>
    public TfLiteGraph Convert(string? kerasVersion = "2.10.0", bool optimize = false) => Convert(Json, _weights, kerasVersion, optimize);

    /// <summary>Converts any config JSON with weights keyed by layer path.</summary>
    public static TfLiteGraph Convert(string json, Dictionary<string, List<KerasWeight>> weights, string? kerasVersion = "2.10.0", bool optimize = false) =>
        KerasImporter.Convert(json, path => weights.TryGetValue(string.Join("/", path), out var w) ? w : [],
            new KerasImportOptions { Optimize = optimize }, kerasVersion);

    /// <summary>A layer entry <c>{"class_name", "config"}</c>.</summary>
    public static JsonObject Layer(string className, object config) =>
        new() { ["class_name"] = className, ["config"] = JsonSerializer.SerializeToNode(config) };

    /// <summary>[None, ...shape] with -1 as None.</summary>
    public static int?[] BatchShape(int[] shape) => [null, .. shape.Select(d => d < 0 ? (int?)null : d)];

    /// <summary>A weight with deterministic pseudo-random values.</summary>
    public static KerasWeight W(string name, int[] shape, int seed)
    {
        var random = new Random(seed);
        var values = new float[(int)Shape.ElementCount(shape)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return new KerasWeight(name, shape, values);
    }

    /// <summary>A weight with given values.</summary>
    public static KerasWeight W(string name, int[] shape, float[] values) => new(name, shape, values);
}

/// <summary>Assertions over converted graphs.</summary>
internal static class GraphAssert
{
    /// <summary>The operator codes of the main subgraph in order.</summary>
    public static BuiltinOperator[] Ops(TfLiteGraph g) => g.Main.Operators.Select(o => o.Code).ToArray();

    /// <summary>Operator code counts.</summary>
    public static Dictionary<BuiltinOperator, int> Histogram(TfLiteGraph g) =>
        g.Main.Operators.GroupBy(o => o.Code).ToDictionary(x => x.Key, x => x.Count());

    /// <summary>The single operator with <paramref name="code"/>.</summary>
    public static Operator Single(TfLiteGraph g, BuiltinOperator code) => Assert.Single(g.Main.Operators, o => o.Code == code);

    /// <summary>Keras dims of a tensor (signature where present).</summary>
    public static int[] Dims(Tensor t) => t.ShapeSignature ?? t.Shape;

    /// <summary>Float contents of a constant input.</summary>
    public static float[] Floats(Tensor? t) => Assert.IsType<Tensor>(t).GetData<float>().ToArray();

    /// <summary>Int32 contents of a constant input.</summary>
    public static int[] Ints(Tensor? t) => Assert.IsType<Tensor>(t).GetData<int>().ToArray();
}
