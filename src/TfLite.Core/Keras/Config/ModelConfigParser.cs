using System.Text.Json;
using System.Text.Json.Nodes;
using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Config;

/// <summary>
/// Parses a Keras model configuration (<c>{"class_name": ..., "config": ...}</c>) into a flat
/// <see cref="KerasModelGraph"/>. Handles Sequential (also the bare-list form of old Keras and the InputLayer-less
/// form), Functional and standalone Keras's <c>Model</c>, nested models (expanded in place, weights addressed by the
/// nested layer path), shared layers, and inbound nodes of Keras 2 and Keras 3.
/// </summary>
public sealed class ModelConfigParser
{
    private static readonly HashSet<string> ModelClasses = ["Sequential", "Functional", "Model"];

    /// <summary>Wrappers that only annotate a layer for later quantization: the wrapped layer is imported as is.</summary>
    private static readonly HashSet<string> TransparentWrappers = ["QuantizeAnnotate"];

    private readonly string? _file;
    private readonly List<KerasNode> _nodes = [];
    private readonly Dictionary<string, int> _callCounts = [];

    private ModelConfigParser(string? file) => _file = file;

    /// <summary>Parses <paramref name="modelConfigJson"/>.</summary>
    /// <param name="modelConfigJson">The model configuration JSON.</param>
    /// <param name="file">The file it came from, named in error messages.</param>
    /// <exception cref="ModelFormatException">The JSON is malformed or is not a Keras model configuration.</exception>
    /// <exception cref="UnsupportedLayerException">An input layer has an unsupported dtype, or is sparse/ragged.</exception>
    public static KerasModelGraph Parse(string modelConfigJson, string? file = null)
    {
        JsonNode? root;
        try
        {
            // Nested models and Keras 3 call arguments nest deeper than the parser's default limit of 64.
            root = JsonNode.Parse(modelConfigJson, documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException e)
        {
            throw new ModelFormatException("InvalidModelConfig", $"The model configuration is not valid JSON: {e.Message}", file, e);
        }
        var parser = new ModelConfigParser(file);
        try
        {
            return parser.ParseRoot(root as JsonObject ?? throw parser.Invalid("the model configuration is not a JSON object"));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            // A JSON node of an unexpected kind deep inside the config: still a malformed model, not a crash.
            throw new ModelFormatException("InvalidModelConfig", $"Invalid model configuration: {e.Message}", file, e);
        }
    }

    private KerasModelGraph ParseRoot(JsonObject root)
    {
        var className = ClassNameOf(root);
        if (!ModelClasses.Contains(className))
            throw new ModelFormatException("InvalidModelConfig",
                $"The top-level class is '{className}', not a Keras model (Sequential, Functional or Model).", _file);
        var config = root["config"];
        var name = NameOf(root) ?? "model";
        var inputs = new List<KerasInput>();
        IReadOnlyList<KerasOutput> outputs;
        if (className == "Sequential")
        {
            var layers = SequentialLayers(config, name);
            var input = SequentialInput(layers, config as JsonObject, name);
            inputs.Add(input);
            var result = ExpandSequential(layers, [], [input.Tensor], name);
            var last = layers.Count > 0 ? NameOf(layers[^1]) ?? name : name;
            outputs = result.Select(t => new KerasOutput(last, t)).ToList();
        }
        else
        {
            outputs = ExpandFunctional(config as JsonObject ?? throw Invalid($"model '{name}' has no config object"), [], null, inputs, name);
        }
        return new KerasModelGraph(name, inputs, _nodes, outputs);
    }

    private IReadOnlyList<SymbolicTensor> ExpandModel(JsonObject entry, IReadOnlyList<string> prefix, IReadOnlyList<SymbolicTensor> bound)
    {
        var name = NameOf(entry) ?? "model";
        if (ClassNameOf(entry) == "Sequential")
            return ExpandSequential(SequentialLayers(entry["config"], name), prefix, bound, name);
        return ExpandFunctional(entry["config"] as JsonObject ?? throw Invalid($"nested model '{name}' has no config object"),
            prefix, bound, null, name).Select(o => o.Tensor).ToList();
    }

    private IReadOnlyList<SymbolicTensor> ExpandSequential(IReadOnlyList<JsonObject> layers, IReadOnlyList<string> prefix,
        IReadOnlyList<SymbolicTensor> bound, string modelName)
    {
        var current = bound;
        foreach (var entry in layers)
        {
            var className = ClassNameOf(entry);
            if (className == "InputLayer") continue; // bound to the tensors the model is called on
            var name = NameOf(entry) ?? throw Invalid($"a layer of '{modelName}' has no name");
            if (current.Count != 1)
                throw Invalid($"layer '{name}' of Sequential model '{modelName}' receives {current.Count} tensors; Sequential layers take one");
            current = IsModel(entry)
                ? ExpandModel(entry, [.. prefix, name], current)
                : [AddNode(entry, prefix, current, NoKwargTensors, []).Output(0)];
        }
        return current;
    }

    private List<KerasOutput> ExpandFunctional(JsonObject config, IReadOnlyList<string> prefix, IReadOnlyList<SymbolicTensor>? bound,
        List<KerasInput>? inputs, string modelName)
    {
        var layers = config["layers"] as JsonArray ?? throw Invalid($"model '{modelName}' has no layers list");
        var entries = layers.Select(l => l as JsonObject ?? throw Invalid($"a layer of '{modelName}' is not an object")).ToList();
        var byName = new Dictionary<string, JsonObject>();
        foreach (var e in entries)
            byName.TryAdd(NameOf(e) ?? throw Invalid($"a layer of '{modelName}' has no name"), e);

        var keras3 = entries.Any(e => e.ContainsKey("module") || (e["inbound_nodes"] is JsonArray nodes && nodes.Any(n => n is JsonObject)));
        var produced = new Dictionary<(string Layer, int Node), Func<int, SymbolicTensor?>>();
        var inputRefs = InboundNodeReader.ReadRefList(config["input_layers"], Invalid);
        if (bound is not null && bound.Count != inputRefs.Count)
            throw Invalid($"nested model '{modelName}' has {inputRefs.Count} inputs but is called with {bound.Count} tensors");
        for (var i = 0; i < inputRefs.Count; i++)
        {
            var inputName = inputRefs[i].Layer;
            if (!byName.TryGetValue(inputName, out var inputEntry) || ClassNameOf(inputEntry) != "InputLayer")
                throw Invalid($"input '{inputName}' of model '{modelName}' is not an InputLayer of the model");
            SymbolicTensor tensor;
            if (bound is not null) tensor = bound[i];
            else
            {
                var input = ReadInputLayer(inputEntry, inputName);
                inputs!.Add(input);
                tensor = input.Tensor;
            }
            produced[(inputName, 0)] = k => k == 0 ? tensor : null;
        }

        var pending = entries.Where(e => ClassNameOf(e) != "InputLayer")
            .Select(e => (Entry: e, Name: NameOf(e)!, Calls: InboundNodeReader.Read(e, Invalid), Next: 0))
            .ToList();
        bool progress;
        do
        {
            progress = false;
            for (var p = 0; p < pending.Count; p++)
            {
                var (entry, name, calls, next) = pending[p];
                while (next < calls.Count && TryResolve(calls[next].Args, produced, out var args)
                       && TryResolveKwargs(calls[next].KwargTensors, produced, out var kwargTensors))
                {
                    if (IsModel(entry))
                    {
                        var outs = ExpandModel(entry, [.. prefix, name], args);
                        produced[(name, next + (keras3 ? 0 : BuiltInNodes(entry)))] = k => k < outs.Count ? outs[k] : null;
                    }
                    else
                    {
                        var node = AddNode(entry, prefix, args, kwargTensors, calls[next].Kwargs);
                        produced[(name, next)] = node.Output;
                    }
                    next++;
                    progress = true;
                }
                pending[p] = (entry, name, calls, next);
            }
        } while (progress);

        foreach (var (_, name, calls, next) in pending.Where(p => p.Next < p.Calls.Count))
        {
            var missing = calls[next].Args.Concat(calls[next].KwargTensors.Values.SelectMany(v => v))
                .First(r => Resolve(r, produced) is null);
            throw Invalid($"layer '{name}' (call {next}) of model '{modelName}' takes {missing}, which no layer of the model produces");
        }

        var outputRefs = InboundNodeReader.ReadRefList(config["output_layers"], Invalid);
        if (outputRefs.Count == 0) throw Invalid($"model '{modelName}' has no output_layers");
        return outputRefs.Select(r => new KerasOutput(r.Layer,
            Resolve(keras3 && byName.TryGetValue(r.Layer, out var e) ? r with { Node = r.Node - BuiltInNodes(e) } : r, produced)
            ?? throw Invalid($"output {r} of model '{modelName}' is not produced by any layer"))).ToList();
    }

    /// <summary>
    /// How many construction nodes a nested model has before its calls. Keras numbers a nested model's calls after
    /// the node that links its own inputs to its outputs: tf.keras and Keras 2 in every reference when the model was
    /// built with an input shape, Keras 3 only in input_layers/output_layers and only for Functional models.
    /// </summary>
    private static int BuiltInNodes(JsonObject entry)
    {
        if (!IsModel(entry)) return 0;
        if (entry["class_name"].AsString() != "Sequential") return 1;
        if (entry.ContainsKey("module")) return 0;
        var first = (entry["config"] as JsonArray ?? entry["config"].Field("layers") as JsonArray)?.FirstOrDefault() as JsonObject;
        return first is not null && (first["class_name"].AsString() == "InputLayer" || first["config"].Field("batch_input_shape") is not null) ? 1 : 0;
    }

    private static bool TryResolve(IReadOnlyList<TensorRef> refs, Dictionary<(string, int), Func<int, SymbolicTensor?>> produced,
        out IReadOnlyList<SymbolicTensor> tensors)
    {
        var list = new List<SymbolicTensor>(refs.Count);
        foreach (var r in refs)
        {
            if (Resolve(r, produced) is not { } t) { tensors = []; return false; }
            list.Add(t);
        }
        tensors = list;
        return true;
    }

    private static bool TryResolveKwargs(IReadOnlyDictionary<string, IReadOnlyList<TensorRef>> refs,
        Dictionary<(string, int), Func<int, SymbolicTensor?>> produced, out IReadOnlyDictionary<string, IReadOnlyList<SymbolicTensor>> tensors)
    {
        var dict = new Dictionary<string, IReadOnlyList<SymbolicTensor>>();
        tensors = dict;
        foreach (var (key, list) in refs)
        {
            if (!TryResolve(list, produced, out var resolved)) return false;
            dict[key] = resolved;
        }
        return true;
    }

    private static SymbolicTensor? Resolve(TensorRef r, Dictionary<(string, int), Func<int, SymbolicTensor?>> produced) =>
        produced.TryGetValue((r.Layer, r.Node), out var outputs) ? outputs(r.Tensor) : null;

    private KerasNode AddNode(JsonObject entry, IReadOnlyList<string> prefix, IReadOnlyList<SymbolicTensor> inputs,
        IReadOnlyDictionary<string, IReadOnlyList<SymbolicTensor>> kwargTensors, JsonObject kwargs)
    {
        var layer = ReadLayer(entry, prefix);
        var key = string.Join("/", layer.WeightPath);
        _callCounts.TryGetValue(key, out var calls);
        _callCounts[key] = calls + 1;
        var node = new KerasNode(layer, calls, inputs, kwargTensors, kwargs);
        _nodes.Add(node);
        return node;
    }

    private KerasLayer ReadLayer(JsonObject entry, IReadOnlyList<string> prefix)
    {
        var className = ClassNameOf(entry);
        var name = NameOf(entry) ?? throw Invalid($"a {className} layer has no name");
        var config = entry["config"] as JsonObject ?? throw Invalid($"layer '{name}' has no config object");
        string? wrapper = null;
        if (TransparentWrappers.Contains(className))
        {
            var inner = config["layer"] as JsonObject ?? throw Invalid($"wrapper '{name}' has no wrapped layer");
            wrapper = className;
            className = ClassNameOf(inner);
            config = inner["config"] as JsonObject ?? throw Invalid($"the layer wrapped by '{name}' has no config object");
        }
        return new KerasLayer(className, name, new LayerConfig(name, className, config), [.. prefix, name],
            StringOf(entry["module"]), StringOf(entry["registered_name"]), wrapper);
    }

    private List<JsonObject> SequentialLayers(JsonNode? config, string modelName)
    {
        // Keras up to 2.2 wrote a Sequential config as the bare list of layers.
        var layers = config as JsonArray ?? config.Field("layers") as JsonArray ?? throw Invalid($"Sequential model '{modelName}' has no layers list");
        return layers.Select(l => l as JsonObject ?? throw Invalid($"a layer of '{modelName}' is not an object")).ToList();
    }

    private KerasInput SequentialInput(IReadOnlyList<JsonObject> layers, JsonObject? config, string modelName)
    {
        if (layers.Count > 0 && ClassNameOf(layers[0]) == "InputLayer")
            return ReadInputLayer(layers[0], NameOf(layers[0]) ?? modelName + "_input");
        // Without an InputLayer, the first layer (or a nested model's first layer) carries the input shape, and
        // Keras names the implicit input after it.
        var first = layers.Count > 0 ? layers[0] : null;
        while (first is not null && IsModel(first))
            first = SequentialLayers(first["config"], NameOf(first) ?? modelName) is { Count: > 0 } inner ? inner[0] : null;
        var firstConfig = first?["config"] as JsonObject;
        if (first is not null && ClassNameOf(first) == "InputLayer")
            return ReadInputLayer(first, NameOf(first) ?? modelName + "_input");
        var shape = firstConfig.Field("batch_input_shape") ?? firstConfig.Field("batch_shape") ?? config.Field("build_input_shape");
        if (shape is null)
            throw new ModelFormatException("NoInputShape",
                $"Sequential model '{modelName}' has no InputLayer and its first layer records no input shape.", _file);
        var name = (first is null ? null : NameOf(first)) is { } firstName ? firstName + "_input" : modelName + "_input";
        var layerConfig = new LayerConfig(name, "InputLayer", new JsonObject { ["batch_input_shape"] = shape.DeepClone(), ["dtype"] = firstConfig?["dtype"]?.DeepClone() });
        return MakeInput(name, layerConfig);
    }

    private KerasInput ReadInputLayer(JsonObject entry, string name)
    {
        var config = entry["config"] as JsonObject ?? throw Invalid($"input layer '{name}' has no config object");
        return MakeInput(name, new LayerConfig(name, "InputLayer", config));
    }

    private KerasInput MakeInput(string name, LayerConfig config)
    {
        var perSample = config.GetShape("shape") ?? config.GetShape("input_shape");
        var shape = config.GetShape("batch_input_shape") ?? config.GetShape("batch_shape")
            ?? (perSample is null ? null : (int[])[-1, .. perSample])
            ?? throw new ModelFormatException("NoInputShape", $"Input layer '{name}' records no shape.", _file);
        if (config.Has("sparse") && config.GetBool("sparse")) throw config.Unsupported("sparse");
        if (config.Has("ragged") && config.GetBool("ragged")) throw config.Unsupported("ragged");
        var type = DTypeName(config["dtype"]) switch
        {
            null or "float32" => TensorType.Float32,
            "int32" => TensorType.Int32,
            "int64" => TensorType.Int64,
            _ => throw config.Unsupported("dtype"),
        };
        return new KerasInput(name, shape, type, new SymbolicTensor(null, 0, name));
    }

    /// <summary>The dtype name of a layer's <c>dtype</c> option: a string, or a (Keras 3 / mixed precision)
    /// policy object whose <c>config.name</c> holds it.</summary>
    public static string? DTypeName(JsonNode? dtype) => dtype switch
    {
        null => null,
        JsonObject policy => policy.Field("config").Field("name").AsString() ?? policy["class_name"].AsString(),
        _ => StringOf(dtype),
    };

    private static bool IsModel(JsonObject entry) =>
        StringOf(entry["class_name"]) is { } className && ModelClasses.Contains(className) && entry["config"] is JsonObject or JsonArray;

    private static string? StringOf(JsonNode? node) => node.AsString();

    private static string? NameOf(JsonObject entry) => entry["config"].Field("name").AsString() ?? entry["name"].AsString();

    private string ClassNameOf(JsonObject entry) =>
        StringOf(entry["class_name"]) ?? throw Invalid($"an entry has no class_name: {Truncate(entry.ToJsonString())}");

    private static string Truncate(string s) => s.Length <= 120 ? s : s[..120] + "...";

    private ModelFormatException Invalid(string what) => new("InvalidModelConfig", $"Invalid model configuration: {what}.", _file);

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<SymbolicTensor>> NoKwargTensors =
        new Dictionary<string, IReadOnlyList<SymbolicTensor>>();
}
