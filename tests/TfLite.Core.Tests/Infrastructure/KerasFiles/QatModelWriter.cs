using System.Text.Json.Nodes;

namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>
/// Builds a Sequential model the way tfmot's <c>quantize_model</c> saves it — a <c>QuantizeLayer</c> after the input,
/// every layer in a <c>QuantizeWrapperV2</c> whose weights are the wrapped layer's (scoped by the inner layer name)
/// followed by the wrapper's variables (<c>optimizer_step</c>, then <c>&lt;what&gt;_min</c>/<c>&lt;what&gt;_max</c>
/// per quantizer, scoped by the wrapper name) — together with the float base model of the same layers and weights.
/// </summary>
public sealed class QatModelWriter
{
    private readonly JsonArray _qatLayers = [];
    private readonly JsonArray _baseLayers = [];
    private readonly Dictionary<string, IReadOnlyList<TestWeight>> _qatWeights = [];
    private readonly Dictionary<string, IReadOnlyList<TestWeight>> _baseWeights = [];

    /// <summary>A model with input <c>input_1</c> of <paramref name="shape"/> (batch excluded) and a QuantizeLayer
    /// that learned the input range [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public QatModelWriter(int[] shape, float min, float max)
    {
        var input = Entry("InputLayer", new JsonObject
        {
            ["name"] = "input_1", ["dtype"] = "float32",
            ["batch_input_shape"] = new JsonArray([null, .. shape.Select(d => (JsonNode?)d)]),
        });
        _baseLayers.Add(input.DeepClone());
        _qatLayers.Add(input);
        _qatLayers.Add(Entry("QuantizeLayer", new JsonObject
        {
            ["name"] = "quantize_layer", ["dtype"] = "float32",
            ["quantizer"] = Entry("AllValuesQuantizer", new JsonObject { ["num_bits"] = 8, ["per_axis"] = false, ["symmetric"] = false, ["narrow_range"] = false }),
        }));
        _qatWeights["quantize_layer"] = [Scalar("quantize_layer_min", min), Scalar("quantize_layer_max", max), Scalar("optimizer_step", -1)];
    }

    /// <summary>The tfmot model config.</summary>
    public string QatJson => Model(_qatLayers);

    /// <summary>Weights of the tfmot model by layer path (inner weights under <c>wrapper/inner</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TestWeight>> QatWeights => _qatWeights;

    /// <summary>The float base model config.</summary>
    public string BaseJson => Model(_baseLayers);

    /// <summary>Weights of the base model by layer name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TestWeight>> BaseWeights => _baseWeights;

    /// <summary>Adds a layer wrapped as tfmot wraps it.</summary>
    /// <param name="className">The wrapped layer's class.</param>
    /// <param name="config">The wrapped layer's config, with its <c>name</c>; an <c>activation</c> is stored as
    /// tfmot stores it (<c>QuantizeAwareActivation</c>, or <c>NoOpActivation</c> when <paramref name="noOpActivation"/>).</param>
    /// <param name="weights">The wrapped layer's weights.</param>
    /// <param name="ranges">The quantizer ranges in build order: (<c>kernel</c>, mins, maxs), (<c>post_activation</c>, ...).</param>
    /// <param name="quantizeConfig">The quantize config class.</param>
    /// <param name="noOpActivation">Store the activation as tfmot's NoOpActivation (a layer before a folded batch norm).</param>
    public QatModelWriter Wrap(string className, JsonObject config, IReadOnlyList<TestWeight> weights,
        IReadOnlyList<(string What, float[] Min, float[] Max)> ranges, string quantizeConfig = "Default8BitQuantizeConfig", bool noOpActivation = false)
    {
        var name = config["name"]!.GetValue<string>();
        _baseLayers.Add(Entry(className, config.DeepClone().AsObject()));
        _baseWeights[name] = weights;

        var inner = config.DeepClone().AsObject();
        if (inner["activation"] is { } activation)
            inner["activation"] = noOpActivation
                ? Entry("NoOpActivation", [])
                : Entry("QuantizeAwareActivation", new JsonObject { ["activation"] = activation.DeepClone() });
        var weightAttrs = ranges.Select(r => r.What).Where(w => !w.EndsWith("activation", StringComparison.Ordinal) && w != "output");
        var wrapper = "quant_" + name;
        _qatLayers.Add(Entry("QuantizeWrapperV2", new JsonObject
        {
            ["name"] = wrapper, ["trainable"] = true, ["dtype"] = "float32",
            ["layer"] = Entry(className, inner),
            ["quantize_config"] = Entry(quantizeConfig, new JsonObject
            {
                ["weight_attrs"] = new JsonArray([.. weightAttrs.Select(w => (JsonNode?)w)]),
                ["activation_attrs"] = new JsonArray(inner["activation"] is null ? [] : [(JsonNode?)"activation"]),
                ["quantize_output"] = ranges.Any(r => r.What == "output"),
            }),
        }));
        if (weights.Count > 0) _qatWeights[$"{wrapper}/{name}"] = weights;
        _qatWeights[wrapper] =
        [
            Scalar("optimizer_step", 100),
            .. ranges.SelectMany(r => new[] { Vector($"{r.What}_min", r.Min), Vector($"{r.What}_max", r.Max) }),
        ];
        return this;
    }

    private static TestWeight Scalar(string name, float value) => new(name, [], [value]);

    // tfmot stores a per-tensor range as a scalar and a per-channel range as a vector.
    private static TestWeight Vector(string name, float[] values) => values.Length == 1 ? Scalar(name, values[0]) : new(name, [values.Length], values);

    private static JsonObject Entry(string className, JsonObject config) => new() { ["class_name"] = className, ["config"] = config };

    private static string Model(JsonArray layers) =>
        new JsonObject { ["class_name"] = "Sequential", ["config"] = new JsonObject { ["name"] = "sequential", ["layers"] = layers.DeepClone() } }.ToJsonString();
}
