using System.Text.Json.Nodes;
using TfLite.Core.Graph;
using TfLite.Core.Keras.Config;
using TfLite.Core.Transforms;

namespace TfLite.Core.Keras.Layers.Qat;

/// <summary>
/// tfmot's <c>QuantizeWrapper</c>/<c>QuantizeWrapperV2</c>: converts the wrapped layer (config <c>layer</c>) as a
/// float layer and records the ranges learned in training on the tensors TensorFlow's converter quantizes with them:
/// a weight range (<c>kernel_min</c>/<c>kernel_max</c>, per output channel for convolutions) on the weights of the
/// layer's convolution or FULLY_CONNECTED, <c>pre_activation</c> on the input of a SOFTMAX/LOGISTIC/TANH/GELU
/// activation, <c>post_activation</c> and <c>output</c> on the layer's output. The fake quantization itself is not
/// lowered: it changes no float result of the trained model beyond rounding to the learned grid.
/// </summary>
public sealed class QuantizeWrapperConverter : ILayerConverter
{
    // tfmot quantizes these activations before they are applied (their outputs have fixed ranges in TFLite) ...
    private static readonly HashSet<string> PreQuantized = ["softmax", "sigmoid", "tanh", "gelu"];

    // ... and these after (they fuse into the producing operator).
    private static readonly HashSet<string> PostQuantized = ["linear", "relu", "swish", "gelu"];

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["QuantizeWrapper", "QuantizeWrapperV2"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var inner = c.WrappedLayer();
        var variables = QatVariables.Split(c.Layer, c.Weights, ExpectedRanges(c, inner), stepFirst: true, c.SourcePath);
        var outputs = c.ConvertWrapped(inner, c.Inputs, variables.LayerWeights);

        var weighted = c.CreatedOperators.Where(op => AffineLayout.Of(op.Code) is not null).ToList();
        var weightIndex = 0;
        foreach (var (what, range) in variables.Ranges)
        {
            switch (what)
            {
                case "output":
                    foreach (var output in outputs) range.AttachTo(output);
                    break;
                case "post_activation":
                    range.AttachTo(outputs[0]);
                    break;
                case "pre_activation":
                    if (c.CreatedProducerOf(outputs[0]) is { Code: BuiltinOperator.Logistic or BuiltinOperator.Softmax
                            or BuiltinOperator.Tanh or BuiltinOperator.Gelu } activation && activation.Inputs[0] is { } preActivation)
                        range.AttachTo(preActivation);
                    break;
                default:
                    // Weight quantizers, in the order of the config's weight_attrs, match the weighted operators in
                    // the order the wrapped layer emits them (SeparableConv2D: depthwise, then pointwise).
                    if (weightIndex < weighted.Count) AttachWeightRange(weighted[weightIndex++], range);
                    break;
            }
        }
        return outputs;
    }

    /// <summary>The range names the wrapper builds, in build order, from its <c>quantize_config</c>.</summary>
    private static IReadOnlyList<string> ExpectedRanges(LayerContext c, KerasLayer inner)
    {
        if (!c.Config.Has("quantize_config")) return [];
        var config = c.Config.GetObject("quantize_config")["config"] as JsonObject ?? [];
        var names = new List<string>();
        names.AddRange(Strings(config["weight_attrs"]));
        foreach (var attribute in Strings(config["activation_attrs"]))
        {
            if (IsNoOp(inner.Config[attribute]) || Activations.NameOf(inner.Config[attribute]) is not { } activation) continue;
            if (PreQuantized.Contains(activation)) names.Add("pre_activation");
            if (PostQuantized.Contains(activation)) names.Add("post_activation");
        }
        if (config["quantize_output"] is JsonValue q && q.TryGetValue<bool>(out var quantizeOutput) && quantizeOutput) names.Add("output");
        return names;
    }

    private static bool IsNoOp(JsonNode? activation) => activation is JsonObject o && o["class_name"]?.ToString() == "NoOpActivation";

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.ToString()).OfType<string>() : [];

    /// <summary>A weight range goes on the weights: per tensor, or per output channel when there is one pair per
    /// channel. A per-axis range along another axis (tfmot's depthwise multiplier) has no TFLite counterpart and is
    /// left out; the quantizer then takes the weights' own range, which is what the last-value quantizer stored.</summary>
    private static void AttachWeightRange(Operator op, QatRange range)
    {
        var layout = AffineLayout.Of(op.Code)!;
        if (op.Inputs[layout.WeightsInput] is not { IsConstant: true } weights || weights.Shape.Length == 0) return;
        var axis = layout.ChannelAxis(weights.Shape.Length);
        if (range.Count == 1 || range.Count == weights.Shape[axis]) range.AttachTo(weights, axis);
    }
}
