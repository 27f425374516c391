using System.Text.Json;
using System.Text.Json.Nodes;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure.KerasReference;

namespace TfLite.Core.Tests.Conformance.Synthetic;

/// <summary>A tensor of a synthetic model under construction: the layer call that made it and its per-sample shape.</summary>
/// <param name="Layer">Producing layer.</param>
/// <param name="Node">Index of the layer call (Keras node index).</param>
/// <param name="Shape">Shape without the batch dim.</param>
public sealed record SynTensor(string Layer, int Node, int[] Shape);

/// <summary>One layer: class, name, options (plus Keras 3 spellings where they differ), nested layers for wrappers
/// (option <c>layer</c>) and nested Sequential models.</summary>
public sealed record SynLayer(string ClassName, string Name, IReadOnlyDictionary<string, object?> Options)
{
    /// <summary>Options that replace <see cref="Options"/> entries in the Keras 3 config.</summary>
    public IReadOnlyDictionary<string, object?> Keras3Options { get; init; } = new Dictionary<string, object?>();

    /// <summary>A wrapped layer (TimeDistributed).</summary>
    public SynLayer? Inner { get; init; }

    /// <summary>The body of a nested Sequential model (its input shape and layers).</summary>
    public (int[] InputShape, IReadOnlyList<SynLayer> Layers)? Sequential { get; init; }
}

/// <summary>
/// Builds a small Functional Keras model in code and renders its config the way tf.keras 2.x writes it into a legacy
/// <c>.h5</c> (<c>batch_input_shape</c>, list-of-lists inbound nodes) or Keras 3 into a <c>.keras</c> archive
/// (<c>batch_shape</c>, <c>__keras_tensor__</c> arguments, DTypePolicy, build_config), with seeded random weights
/// per layer path. Shapes of intermediate tensors come from running each layer of the reference on zeros.
/// </summary>
public sealed class SyntheticModel(string name)
{
    private readonly List<(SynLayer Layer, IReadOnlyList<SynTensor> Inputs, IReadOnlyList<int[]> InputShapes)> _layers = [];
    private readonly List<(string Name, int[] Shape, string DType)> _inputs = [];
    private readonly List<SynTensor> _outputs = [];
    private readonly Dictionary<string, List<KerasWeight>> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<KerasWeight>> _keras3Weights = new(StringComparer.Ordinal);
    private int _seed = name.Aggregate(17, (h, c) => h * 31 + c);

    /// <summary>The model name.</summary>
    public string Name { get; } = name;

    /// <summary>Adds an input layer.</summary>
    public SynTensor Input(string inputName, int[] shape, string dtype = "float32")
    {
        _inputs.Add((inputName, shape, dtype));
        return new SynTensor(inputName, 0, shape);
    }

    /// <summary>Seeded random weight values in [-scale, scale) plus <paramref name="offset"/>.</summary>
    public KerasWeight Random(string weightName, int[] shape, double scale = 1, double offset = 0)
    {
        var rng = new Random(_seed++);
        var values = new float[shape.Aggregate(1, (a, d) => a * d)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(offset + scale * (rng.NextDouble() * 2 - 1));
        return new KerasWeight(weightName, shape, values);
    }

    /// <summary>Calls a layer on its inputs; <paramref name="weights"/> are the layer's arrays in Keras order
    /// (<paramref name="keras3Weights"/> when Keras 3 keeps a different list).</summary>
    public SynTensor Call(SynLayer layer, IReadOnlyList<SynTensor> inputs, IReadOnlyList<KerasWeight>? weights = null,
        IReadOnlyList<KerasWeight>? keras3Weights = null)
    {
        if (weights is { Count: > 0 }) _weights[layer.Name] = [.. weights];
        if (keras3Weights is not null) _keras3Weights[layer.Name] = [.. keras3Weights];
        _layers.Add((layer, inputs, inputs.Select(i => i.Shape).ToList()));
        var shape = OutputShape(layer, inputs);
        return new SynTensor(layer.Name, 0, shape);
    }

    /// <summary>Calls a plain layer given by class, name and options.</summary>
    public SynTensor Call(string cls, string layerName, object? options, SynTensor input, params KerasWeight[] weights) =>
        Call(new SynLayer(cls, layerName, ToDictionary(options)), [input], weights);

    /// <summary>Adds a nested Sequential model (with its own InputLayer) called on one input; weights of its layers
    /// are registered under <c>outer/inner</c> paths.</summary>
    public SynTensor CallSequential(string modelName, SynTensor input, IReadOnlyList<(SynLayer Layer, KerasWeight[] Weights)> body)
    {
        foreach (var (l, w) in body)
            if (w.Length > 0) _weights[$"{modelName}/{l.Name}"] = [.. w];
        var layer = new SynLayer("Sequential", modelName, new Dictionary<string, object?>())
        {
            Sequential = (input.Shape, body.Select(b => b.Layer).ToList()),
        };
        return Call(layer, [input]);
    }

    /// <summary>Declares the model outputs in order.</summary>
    public void Outputs(params SynTensor[] outputs) => _outputs.AddRange(outputs);

    /// <summary>Weights by layer path for the file writers (Keras 3 lists where they differ).</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<KerasWeight>>> Weights(int kerasMajor) =>
        _weights.Keys.Select(k => new KeyValuePair<string, IReadOnlyList<KerasWeight>>(k,
            kerasMajor >= 3 && _keras3Weights.TryGetValue(k, out var w3) ? w3 : _weights[k])).ToList();

    /// <summary>The model config JSON as Keras <paramref name="kerasMajor"/> (2 or 3) writes it.</summary>
    public string ConfigJson(int kerasMajor)
    {
        var k3 = kerasMajor >= 3;
        var layers = new JsonArray();
        foreach (var (n, shape, dtype) in _inputs)
        {
            var config = new JsonObject
            {
                [k3 ? "batch_shape" : "batch_input_shape"] = Shape(shape),
                ["dtype"] = dtype,
                ["sparse"] = false,
                ["name"] = n,
            };
            if (!k3) config["ragged"] = false;
            layers.Add(Entry("InputLayer", n, config, k3, null, new JsonArray()));
        }
        foreach (var (layer, inputs, shapes) in _layers)
            layers.Add(LayerEntry(layer, inputs, shapes, k3));
        var refs = new JsonArray(_inputs.Select(i => (JsonNode)Ref(i.Name, 0)).ToArray());
        var outs = new JsonArray(_outputs.Select(o => (JsonNode)Ref(o.Layer, NodeIndex(o, k3))).ToArray());
        var modelConfig = new JsonObject
        {
            ["name"] = Name,
            ["trainable"] = true,
            ["layers"] = layers,
            // Keras 3 writes a single input or output as one triple, not a list of one.
            ["input_layers"] = k3 && refs.Count == 1 ? refs[0]!.DeepClone() : refs,
            ["output_layers"] = k3 && outs.Count == 1 ? outs[0]!.DeepClone() : outs,
        };
        var root = new JsonObject { ["class_name"] = "Functional", ["config"] = modelConfig };
        if (k3)
        {
            root["module"] = "keras.src.models.functional";
            root["registered_name"] = "Functional";
            root["build_config"] = new JsonObject { ["input_shape"] = null };
            root["compile_config"] = null;
        }
        return root.ToJsonString();
    }

    /// <summary>Keras 2 numbers a nested model's calls after its own construction node; Keras 3 does not for
    /// Sequential models.</summary>
    private int NodeIndex(SynTensor t, bool k3) =>
        !k3 && _layers.Any(l => l.Layer.Name == t.Layer && l.Layer.Sequential is not null) ? t.Node + 1 : t.Node;

    private JsonObject LayerEntry(SynLayer layer, IReadOnlyList<SynTensor> inputs, IReadOnlyList<int[]> shapes, bool k3)
    {
        JsonArray inbound;
        if (k3)
        {
            var tensors = inputs.Select(i => (JsonNode)KerasTensor(i, NodeIndex(i, k3))).ToArray();
            // Merge layers take their inputs as one list argument.
            JsonNode arg = inputs.Count == 1 ? tensors[0] : new JsonArray(tensors);
            inbound = [new JsonObject { ["args"] = new JsonArray(arg), ["kwargs"] = new JsonObject() }];
        }
        else
        {
            var node = new JsonArray(inputs.Select(i => (JsonNode)new JsonArray(i.Layer, NodeIndex(i, k3), 0, new JsonObject())).ToArray());
            inbound = [node];
        }
        var buildShape = shapes.Count == 1 ? Shape(shapes[0]) : new JsonArray(shapes.Select(s => (JsonNode)Shape(s)).ToArray());
        return Entry(layer.ClassName, layer.Name, LayerConfigObject(layer, k3), k3, buildShape, inbound);
    }

    private JsonObject LayerConfigObject(SynLayer layer, bool k3)
    {
        var config = new JsonObject { ["name"] = layer.Name, ["trainable"] = true };
        config["dtype"] = k3 ? DTypePolicy() : "float32";
        foreach (var (key, value) in layer.Options) config[key] = JsonSerializer.SerializeToNode(value);
        if (k3)
            foreach (var (key, value) in layer.Keras3Options) config[key] = JsonSerializer.SerializeToNode(value);
        if (layer.Inner is { } inner)
            config["layer"] = Entry(inner.ClassName, inner.Name, LayerConfigObject(inner, k3), k3, null, null);
        if (layer.Sequential is { } body)
        {
            var inputName = layer.Name + "_input";
            var inputConfig = new JsonObject
            {
                [k3 ? "batch_shape" : "batch_input_shape"] = Shape(body.InputShape),
                ["dtype"] = "float32",
                ["sparse"] = false,
                ["name"] = inputName,
            };
            var layers = new JsonArray(Entry("InputLayer", inputName, inputConfig, k3, null, null));
            foreach (var l in body.Layers) layers.Add(Entry(l.ClassName, l.Name, LayerConfigObject(l, k3), k3, null, null));
            config = new JsonObject { ["name"] = layer.Name, ["trainable"] = true, ["layers"] = layers };
        }
        return config;
    }

    private static JsonObject Entry(string cls, string layerName, JsonObject config, bool k3, JsonNode? buildShape, JsonArray? inbound)
    {
        var e = new JsonObject();
        if (k3) e["module"] = cls is "Sequential" ? "keras" : "keras.layers";
        e["class_name"] = cls;
        e["config"] = config;
        if (k3)
        {
            e["registered_name"] = null;
            if (buildShape is not null) e["build_config"] = new JsonObject { ["input_shape"] = buildShape };
        }
        if (inbound is not null)
        {
            e["name"] = layerName;
            e["inbound_nodes"] = inbound;
        }
        return e;
    }

    private static JsonObject DTypePolicy() => new()
    {
        ["module"] = "keras",
        ["class_name"] = "DTypePolicy",
        ["config"] = new JsonObject { ["name"] = "float32" },
        ["registered_name"] = null,
    };

    private static JsonObject KerasTensor(SynTensor t, int node) => new()
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new JsonObject
        {
            ["shape"] = Shape(t.Shape),
            ["dtype"] = "float32",
            ["keras_history"] = new JsonArray(t.Layer, node, 0),
        },
    };

    private static JsonArray Ref(string layer, int node) => new(layer, node, 0);

    private static JsonArray Shape(int[] shape) => new([null, .. shape.Select(d => (JsonNode)d)]);

    private static Dictionary<string, object?> ToDictionary(object? options) =>
        options is null ? new Dictionary<string, object?>()
        : options as Dictionary<string, object?> ?? JsonSerializer.SerializeToElement(options).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

    /// <summary>Runs the layer of the reference on zeros to learn its output shape.</summary>
    private int[] OutputShape(SynLayer layer, IReadOnlyList<SynTensor> inputs)
    {
        var entry = JsonDocument.Parse(Entry(layer.ClassName, layer.Name, LayerConfigObject(layer, k3: false), false, null, null).ToJsonString()).RootElement;
        var config = new LayerConfig(entry, 2);
        IReadOnlyList<KerasWeight> Source(IReadOnlyList<string> path) =>
            _weights.TryGetValue(string.Join("/", path), out var w) ? w : [];
        var built = RefLayerFactory.Create(config, Source, [layer.Name]);
        var zeros = inputs.Select(i => new RefTensor([1, .. i.Shape])).ToList();
        var y = built.Call(zeros);
        return y[0].Shape[1..];
    }
}
