using System.Text.Json;
using TfLite.Core.Keras;

namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>An input of a reference model.</summary>
/// <param name="Name">The InputLayer's name.</param>
/// <param name="Shape">Shape without the batch dim; null where Keras leaves a dim open.</param>
/// <param name="DType">The InputLayer's dtype.</param>
/// <param name="EmbeddingInputDim">When the input feeds an Embedding directly: its input_dim (valid indices are
/// 0 .. input_dim - 1); else null.</param>
public sealed record RefInputSpec(string Name, int?[] Shape, string DType, int? EmbeddingInputDim);

/// <summary>
/// A float64 evaluator of a saved Keras model, written straight from Keras's documented layer semantics and the
/// model's config JSON, independently of the converter. Sequential, Functional (Keras 2.0 <c>Model</c>, tf.keras,
/// Keras 3) and nested models; layers in <see cref="RefLayerFactory"/>.
/// </summary>
public sealed class KerasReferenceModel : IRefLayer
{
    private readonly Func<IReadOnlyList<RefTensor>, IReadOnlyList<RefTensor>> _run;

    private KerasReferenceModel(string name, IReadOnlyList<RefInputSpec> inputs, IReadOnlyList<string> outputNames,
        Func<IReadOnlyList<RefTensor>, IReadOnlyList<RefTensor>> run)
    {
        Name = name;
        Inputs = inputs;
        OutputNames = outputNames;
        _run = run;
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>Inputs in the model's order.</summary>
    public IReadOnlyList<RefInputSpec> Inputs { get; }

    /// <summary>Names of the layers producing the outputs, in output order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Reads a <c>.h5</c> or <c>.keras</c> file (config and weights) and builds its evaluator.</summary>
    public static KerasReferenceModel Load(string path)
    {
        using var file = KerasModelFile.Open(path);
        int? major = file.KerasVersion is { Length: > 0 } v && int.TryParse(v.Split('.')[0], out var m) ? m : null;
        return FromConfig(file.ModelConfigJson, file.GetWeights, major);
    }

    /// <summary>Builds the evaluator from a model config <c>{"class_name": ..., "config": ...}</c> and its weights.</summary>
    /// <param name="modelConfigJson">The model config JSON.</param>
    /// <param name="weights">Weights by layer path (read while building).</param>
    /// <param name="kerasMajor">2 or 3; detected from the config's spelling when null.</param>
    public static KerasReferenceModel FromConfig(string modelConfigJson, WeightSource weights, int? kerasMajor = null)
    {
        using var doc = JsonDocument.Parse(modelConfigJson);
        var root = doc.RootElement.Clone();
        var major = kerasMajor ?? DetectMajor(modelConfigJson);
        return Build(root, weights, [], major);
    }

    /// <summary>Runs the model on a batch; inputs in <see cref="Inputs"/> order.</summary>
    public IReadOnlyList<RefTensor> Predict(params RefTensor[] inputs) => Call(inputs);

    /// <inheritdoc />
    public IReadOnlyList<RefTensor> Call(IReadOnlyList<RefTensor> inputs)
    {
        if (inputs.Count != Inputs.Count) throw new ArgumentException($"{Name} takes {Inputs.Count} inputs, got {inputs.Count}.");
        return _run(inputs);
    }

    private static int DetectMajor(string json) =>
        json.Contains("\"batch_shape\"") || json.Contains("DTypePolicy") || json.Contains("\"module\": \"keras") ? 3 : 2;

    /// <summary>Builds a model entry; <paramref name="path"/> is the path of the model itself (empty at the top).</summary>
    internal static KerasReferenceModel Build(JsonElement entry, WeightSource source, IReadOnlyList<string> path, int major)
    {
        var model = new LayerConfig(entry, major);
        var layers = model.Config.ValueKind == JsonValueKind.Array ? model.Config : model.Config.GetProperty("layers");
        var functional = model.Config.ValueKind == JsonValueKind.Object && model.Config.TryGetProperty("input_layers", out _);
        return functional ? BuildFunctional(model, layers, source, path) : BuildSequential(model, layers, source, path);
    }

    private static KerasReferenceModel BuildSequential(LayerConfig model, JsonElement layers, WeightSource source, IReadOnlyList<string> path)
    {
        var entries = layers.EnumerateArray().Select(l => new LayerConfig(l, model.KerasMajor)).ToList();
        if (entries.Count == 0) throw new FormatException($"{model.Name}: Sequential without layers.");
        var first = entries[0];
        var inputName = first.ClassName == "InputLayer" ? first.Name : model.Name + "_input";
        var inputShape = BatchShape(first) ?? (model.TryGet("build_input_shape", out var b) ? ReadShape(b) : null)
            ?? throw new FormatException($"{model.Name}: the Sequential model has no input shape.");
        var body = entries.Where(e => e.ClassName != "InputLayer").ToList();
        var embeddingDim = body.Count > 0 && body[0].ClassName == "Embedding" ? body[0].Int("input_dim", 0) : (int?)null;
        var chain = body.Select(e => RefLayerFactory.Create(e, source, [.. path, e.Name])).ToList();
        var spec = new RefInputSpec(inputName, inputShape[1..], InputDType(first), embeddingDim);
        var outputName = body.Count > 0 ? body[^1].Name : inputName;
        return new KerasReferenceModel(model.Name, [spec], [outputName], inputs =>
        {
            IReadOnlyList<RefTensor> x = inputs;
            foreach (var layer in chain) x = layer.Call(x);
            return x;
        });
    }

    private static KerasReferenceModel BuildFunctional(LayerConfig model, JsonElement layers, WeightSource source, IReadOnlyList<string> path)
    {
        var inputLayers = ParseRefs(model.Config.GetProperty("input_layers"));
        var outputLayers = ParseRefs(model.Config.GetProperty("output_layers"));
        var inputConfigs = new Dictionary<string, LayerConfig>();
        var nodes = new List<(string Layer, int Call, IReadOnlyList<TensorRef> Args)>();
        var built = new Dictionary<string, (IRefLayer Layer, bool NestedModel, LayerConfig Config)>();
        foreach (var l in layers.EnumerateArray())
        {
            var c = new LayerConfig(l, model.KerasMajor);
            if (c.ClassName == "InputLayer")
            {
                inputConfigs[c.Name] = c;
                continue;
            }
            var nested = c.ClassName is "Sequential" or "Functional" or "Model";
            built[c.Name] = (RefLayerFactory.Create(c, source, [.. path, c.Name]), nested, c);
            var calls = l.TryGetProperty("inbound_nodes", out var inbound) && inbound.ValueKind == JsonValueKind.Array
                ? inbound.EnumerateArray().ToList() : [];
            for (var j = 0; j < calls.Count; j++) nodes.Add((c.Name, j, ParseNode(calls[j])));
        }
        var specs = inputLayers.Select(r =>
        {
            var c = inputConfigs.TryGetValue(r.Layer, out var ic) ? ic : throw new FormatException($"{model.Name}: input layer {r.Layer} not found.");
            var consumer = nodes.Where(n => n.Args.Any(a => a.Layer == r.Layer)).Select(n => built[n.Layer].Config).ToList();
            int? embedding = consumer.Count == 1 && consumer[0].ClassName == "Embedding" ? consumer[0].Int("input_dim", 0) : null;
            var shape = BatchShape(c) ?? throw new FormatException($"{model.Name}: input {c.Name} has no shape.");
            return new RefInputSpec(c.Name, shape[1..], InputDType(c), embedding);
        }).ToList();

        return new KerasReferenceModel(model.Name, specs, outputLayers.Select(r => r.Layer).ToList(), inputs =>
        {
            var outputs = new Dictionary<string, List<IReadOnlyList<RefTensor>>>();
            var given = new Dictionary<string, RefTensor>();
            for (var i = 0; i < inputLayers.Count; i++) given[inputLayers[i].Layer] = inputs[i];

            RefTensor? Resolve(TensorRef r)
            {
                if (given.TryGetValue(r.Layer, out var t)) return t;
                if (!outputs.TryGetValue(r.Layer, out var calls)) return null;
                var total = nodes.Count(n => n.Layer == r.Layer);
                if (calls.Count < total) return null;
                // Keras numbers a nested model's nodes after its own construction node.
                var index = total == 1 ? 0 : Math.Max(r.Node - (built[r.Layer].NestedModel ? 1 : 0), 0);
                return calls[index][r.Tensor];
            }

            var pending = new List<(string Layer, int Call, IReadOnlyList<TensorRef> Args)>(nodes);
            while (pending.Count > 0)
            {
                var progressed = false;
                foreach (var node in pending.ToList())
                {
                    // A layer's calls run in order, so a later call waits for the earlier ones.
                    var done = outputs.TryGetValue(node.Layer, out var list) ? list.Count : 0;
                    if (done != node.Call) continue;
                    var args = node.Args.Select(Resolve).ToList();
                    if (args.Any(a => a is null)) continue;
                    var result = built[node.Layer].Layer.Call(args!);
                    if (!outputs.ContainsKey(node.Layer)) outputs[node.Layer] = [];
                    outputs[node.Layer].Add(result);
                    pending.Remove(node);
                    progressed = true;
                }
                if (!progressed)
                    throw new FormatException($"{model.Name}: cannot order the layer calls (unresolved: {string.Join(", ", pending.Select(p => p.Layer))}).");
            }
            return outputLayers.Select(r => Resolve(r) ?? throw new FormatException($"{model.Name}: output {r.Layer} not computed.")).ToList();
        });
    }

    private readonly record struct TensorRef(string Layer, int Node, int Tensor);

    /// <summary>input_layers / output_layers: one [name, node, tensor] triple, a list of them, or a dict of them.</summary>
    private static IReadOnlyList<TensorRef> ParseRefs(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object) return e.EnumerateObject().SelectMany(p => ParseRefs(p.Value)).ToList();
        var items = e.EnumerateArray().ToList();
        if (items.Count > 0 && items[0].ValueKind == JsonValueKind.String) return [Triple(e)];
        return items.SelectMany(ParseRefs).ToList();
    }

    private static TensorRef Triple(JsonElement e) => new(e[0].GetString()!, e[1].GetInt32(), e[2].GetInt32());

    /// <summary>One inbound node: Keras 2 lists [name, node, tensor, kwargs] entries; Keras 3 gives
    /// {"args": [...], "kwargs": {...}} with <c>__keras_tensor__</c> objects carrying keras_history.</summary>
    private static IReadOnlyList<TensorRef> ParseNode(JsonElement node)
    {
        var refs = new List<TensorRef>();
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("args", out var args)) CollectKerasTensors(args, refs);
            return refs;
        }
        foreach (var item in node.EnumerateArray())
            if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() >= 3 && item[0].ValueKind == JsonValueKind.String)
                refs.Add(Triple(item));
            else CollectKerasTensors(item, refs);
        return refs;
    }

    private static void CollectKerasTensors(JsonElement e, List<TensorRef> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) CollectKerasTensors(item, into);
                break;
            case JsonValueKind.Object when e.TryGetProperty("class_name", out var cn) && cn.GetString() == "__keras_tensor__":
                into.Add(Triple(e.GetProperty("config").GetProperty("keras_history")));
                break;
        }
    }

    private static int?[]? BatchShape(LayerConfig c)
    {
        foreach (var key in new[] { "batch_input_shape", "batch_shape" })
            if (c.TryGet(key, out var s)) return ReadShape(s);
        return null;
    }

    private static int?[] ReadShape(JsonElement s) =>
        s.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt32() : (int?)null).ToArray();

    private static string InputDType(LayerConfig c) =>
        c.TryGet("dtype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "float32";
}
