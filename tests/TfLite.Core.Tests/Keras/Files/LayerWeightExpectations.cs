using System.Text.Json;
using TfLite.Core.Keras;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>One weight a layer must have: its Keras name and shape.</summary>
internal sealed record ExpectedWeight(string Name, int[] Shape)
{
    public override string ToString() => $"{Name}[{string.Join(",", Shape)}]";
}

/// <summary>
/// Independent reference for the weights each Keras layer class owns, in Keras order, with shapes derived from the
/// layer configuration. The only free quantity is the input width, which the configuration does not state; it is
/// taken from the first weight that carries it, so every other dimension still has to agree.
/// </summary>
internal static class LayerWeightExpectations
{
    /// <summary>Classes that own no weights.</summary>
    public static readonly IReadOnlySet<string> Weightless = new HashSet<string>
    {
        "InputLayer", "Flatten", "Reshape", "Dropout", "Activation", "ReLU", "LeakyReLU", "Add", "Concatenate",
        "MaxPooling1D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling1D",
        "ZeroPadding2D",
    };

    /// <summary>Model classes whose layers are listed in <c>config.layers</c>.</summary>
    public static readonly IReadOnlySet<string> Models = new HashSet<string> { "Sequential", "Functional", "Model" };

    /// <summary>Extra variables that tfmot's QuantizeWrapperV2 adds after the wrapped layer's weights.</summary>
    public static readonly IReadOnlySet<string> QuantizeWrapperExtras = new HashSet<string>
    {
        "optimizer_step", "kernel_min", "kernel_max", "depthwise_kernel_min", "depthwise_kernel_max",
        "post_activation_min", "post_activation_max", "output_min", "output_max",
    };

    /// <summary>The weights a plain (non-wrapper, non-model) layer must have.</summary>
    /// <param name="entry">The layer's <c>{"class_name", "config"}</c> entry.</param>
    /// <param name="actual">The weights read, used only for the input width.</param>
    /// <param name="kerasVersion">The Keras version that wrote the file: Keras 3 renamed some variables.</param>
    public static IReadOnlyList<ExpectedWeight> For(JsonElement entry, IReadOnlyList<KerasWeight> actual, string? kerasVersion)
    {
        var className = entry.GetProperty("class_name").GetString()!;
        var c = entry.GetProperty("config");
        if (Weightless.Contains(className)) return [];

        switch (className)
        {
            case "Dense":
            {
                var units = Int(c, "units");
                return WithBias(c, units, new ExpectedWeight("kernel", [Dim(actual, 0, 0), units]));
            }
            case "Conv1D" or "Conv2D":
            {
                var filters = Int(c, "filters");
                var kernel = Ints(c, "kernel_size");
                return WithBias(c, filters, new ExpectedWeight("kernel", [.. kernel, Dim(actual, 0, kernel.Length), filters]));
            }
            case "Conv2DTranspose":
            {
                var filters = Int(c, "filters");
                var kernel = Ints(c, "kernel_size");
                return WithBias(c, filters, new ExpectedWeight("kernel", [.. kernel, filters, Dim(actual, 0, kernel.Length + 1)]));
            }
            case "DepthwiseConv2D":
            {
                var kernel = Ints(c, "kernel_size");
                var multiplier = Int(c, "depth_multiplier");
                var channels = Dim(actual, 0, kernel.Length);
                var name = kerasVersion?.StartsWith("3.", StringComparison.Ordinal) == true ? "kernel" : "depthwise_kernel";
                return WithBias(c, channels * multiplier, new ExpectedWeight(name, [.. kernel, channels, multiplier]));
            }
            case "SeparableConv2D":
            {
                var kernel = Ints(c, "kernel_size");
                var multiplier = Int(c, "depth_multiplier");
                var filters = Int(c, "filters");
                var channels = Dim(actual, 0, kernel.Length);
                return WithBias(c, filters,
                    new ExpectedWeight("depthwise_kernel", [.. kernel, channels, multiplier]),
                    new ExpectedWeight("pointwise_kernel", [.. kernel.Select(_ => 1), channels * multiplier, filters]));
            }
            case "BatchNormalization":
            {
                var width = Dim(actual, 0, 0);
                var list = new List<ExpectedWeight>();
                if (Bool(c, "scale", true)) list.Add(new("gamma", [width]));
                if (Bool(c, "center", true)) list.Add(new("beta", [width]));
                list.Add(new("moving_mean", [width]));
                list.Add(new("moving_variance", [width]));
                return list;
            }
            case "SimpleRNN" or "LSTM" or "GRU":
            {
                var units = Int(c, "units");
                var gates = className switch { "LSTM" => 4, "GRU" => 3, _ => 1 } * units;
                int[] bias = className == "GRU" && Bool(c, "reset_after", true) ? [2, gates] : [gates];
                var list = new List<ExpectedWeight>
                {
                    new("kernel", [Dim(actual, 0, 0), gates]),
                    new("recurrent_kernel", [units, gates]),
                };
                if (Bool(c, "use_bias", true)) list.Add(new("bias", bias));
                return list;
            }
            case "Embedding":
                return [new("embeddings", [Int(c, "input_dim"), Int(c, "output_dim")])];
            default:
                throw new InvalidOperationException($"No weight reference for Keras class '{className}'; add one.");
        }
    }

    private static IReadOnlyList<ExpectedWeight> WithBias(JsonElement c, int width, params ExpectedWeight[] kernels) =>
        Bool(c, "use_bias", true) ? [.. kernels, new ExpectedWeight("bias", [width])] : kernels;

    private static int Dim(IReadOnlyList<KerasWeight> actual, int weight, int axis) =>
        weight < actual.Count && axis < actual[weight].Shape.Length ? actual[weight].Shape[axis] : -1;

    private static int Int(JsonElement c, string name) => c.GetProperty(name).GetInt32();

    private static int[] Ints(JsonElement c, string name) =>
        c.GetProperty(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Select(e => e.GetInt32()).ToArray() : [c.GetProperty(name).GetInt32()];

    private static bool Bool(JsonElement c, string name, bool fallback) =>
        c.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;
}
