using System.Text.Json;
using System.Text.Json.Nodes;
using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Lowers Keras activation functions to TFLite operators: one builtin where TFLite has it (RELU, RELU6, LOGISTIC,
/// TANH, SOFTMAX, ELU, GELU, HARD_SWISH, LEAKY_RELU, EXP, LOG_SOFTMAX), otherwise a composition following Keras's
/// documented formula for the Keras version that wrote the model.
/// </summary>
public static class Activations
{
    // Constants of selu as Keras defines them.
    private const float SeluAlpha = 1.6732632423543772848170429916717f;
    private const float SeluScale = 1.0507009873554804934193349852946f;

    /// <summary>The activation named by config option <paramref name="key"/>: a string, or a serialized function
    /// object whose <c>config</c> is the name; <c>linear</c> when missing.</summary>
    /// <remarks>Quantization-aware training (tfmot) stores the activation of a wrapped layer as
    /// <c>QuantizeAwareActivation</c> around the original one, or as <c>NoOpActivation</c> (an identity); both
    /// compute the original function in float.</remarks>
    public static string NameOf(LayerContext context, string key) =>
        NameOf(context.Config[key]) ?? throw context.Config.Unsupported(key);

    /// <summary>The activation name a config node holds, or null when it holds none this importer knows.</summary>
    internal static string? NameOf(JsonNode? node) => node switch
    {
        null => "linear",
        JsonObject { } obj when obj["class_name"] is JsonValue c && c.GetValueKind() == JsonValueKind.String
                                && c.GetValue<string>() == "NoOpActivation" => "linear",
        JsonObject { } obj when obj["class_name"] is JsonValue c && c.GetValueKind() == JsonValueKind.String
                                && c.GetValue<string>() == "QuantizeAwareActivation" && obj["config"] is JsonObject inner
            => inner["activation"] is { } wrapped ? NameOf(wrapped) : null,
        JsonObject { } obj when obj["config"] is JsonValue v && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().ToLowerInvariant(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().ToLowerInvariant(),
        _ => null,
    };

    /// <summary>Applies activation <paramref name="name"/> to <paramref name="x"/>.</summary>
    /// <exception cref="UnsupportedLayerException">The activation has no lowering (names the option <c>activation</c>).</exception>
    public static Tensor Apply(LayerContext c, Tensor x, string name) => name switch
    {
        "linear" or "identity" => x,
        "relu" => c.Unary(BuiltinOperator.Relu, x),
        "relu6" => c.Unary(BuiltinOperator.Relu6, x),
        "sigmoid" => c.Unary(BuiltinOperator.Logistic, x),
        "tanh" => c.Unary(BuiltinOperator.Tanh, x),
        "softmax" => c.Unary(BuiltinOperator.Softmax, x, new SoftmaxOptions { Beta = 1f }),
        "log_softmax" => c.Unary(BuiltinOperator.LogSoftmax, x),
        "elu" => c.Unary(BuiltinOperator.Elu, x),
        "selu" => ScaledElu(c, x, SeluScale, SeluAlpha),
        "gelu" => c.Unary(BuiltinOperator.Gelu, x, new GeluOptions { Approximate = false }),
        "swish" or "silu" => c.Binary(BuiltinOperator.Mul, x, c.Unary(BuiltinOperator.Logistic, x)),
        "hard_swish" or "hard_silu" => c.Unary(BuiltinOperator.HardSwish, x),
        "hard_sigmoid" => HardSigmoid(c, x),
        "softplus" => Softplus(c, x),
        "softsign" => c.Binary(BuiltinOperator.Div, x, c.Binary(BuiltinOperator.Add, c.Unary(BuiltinOperator.Abs, x), c.Scalar(1f, "one"))),
        "exponential" => c.Unary(BuiltinOperator.Exp, x),
        "leaky_relu" => c.Unary(BuiltinOperator.LeakyRelu, x, new LeakyReluOptions { Alpha = 0.2f }),
        "mish" => c.Binary(BuiltinOperator.Mul, x, c.Unary(BuiltinOperator.Tanh, Softplus(c, x))),
        _ => throw c.Unsupported($"option activation={name} is not supported"),
    };

    /// <summary><c>scale * (x if x &gt; 0 else alpha * (exp(x) - 1))</c> from ELU (whose negative side is
    /// <c>exp(x) - 1</c>): <c>scale * relu(x) + scale * alpha * min(elu(x), 0)</c>.</summary>
    public static Tensor ScaledElu(LayerContext c, Tensor x, float scale, float alpha)
    {
        var elu = c.Unary(BuiltinOperator.Elu, x);
        if (scale == 1f && alpha == 1f) return elu;
        var positive = c.Unary(BuiltinOperator.Relu, x);
        var negative = c.Binary(BuiltinOperator.Minimum, elu, c.Scalar(0f, "zero"));
        var scaledNegative = c.Binary(BuiltinOperator.Mul, negative, c.Scalar(scale * alpha, "negative_scale"));
        var scaledPositive = scale == 1f ? positive : c.Binary(BuiltinOperator.Mul, positive, c.Scalar(scale, "scale"));
        return c.Binary(BuiltinOperator.Add, scaledPositive, scaledNegative);
    }

    /// <summary>Keras 3: <c>relu6(x + 3) / 6</c>; Keras 2: <c>clip(0.2 x + 0.5, 0, 1)</c>.</summary>
    private static Tensor HardSigmoid(LayerContext c, Tensor x)
    {
        if (c.KerasVersion.Major >= 3)
        {
            var relu6 = c.Unary(BuiltinOperator.Relu6, c.Binary(BuiltinOperator.Add, x, c.Scalar(3f, "three")));
            return c.Binary(BuiltinOperator.Mul, relu6, c.Scalar(1f / 6f, "one_sixth"));
        }
        var affine = c.Binary(BuiltinOperator.Add, c.Binary(BuiltinOperator.Mul, x, c.Scalar(0.2f, "slope")), c.Scalar(0.5f, "offset"));
        return c.Binary(BuiltinOperator.Maximum, c.Binary(BuiltinOperator.Minimum, affine, c.Scalar(1f, "one")), c.Scalar(0f, "zero"));
    }

    /// <summary><c>log(1 + exp(x))</c> in the overflow-free form <c>relu(x) + log(1 + exp(-|x|))</c>.</summary>
    private static Tensor Softplus(LayerContext c, Tensor x)
    {
        var expNegAbs = c.Unary(BuiltinOperator.Exp, c.Unary(BuiltinOperator.Neg, c.Unary(BuiltinOperator.Abs, x)));
        var log = c.Unary(BuiltinOperator.Log, c.Binary(BuiltinOperator.Add, expNegAbs, c.Scalar(1f, "one")));
        return c.Binary(BuiltinOperator.Add, c.Unary(BuiltinOperator.Relu, x), log);
    }
}
