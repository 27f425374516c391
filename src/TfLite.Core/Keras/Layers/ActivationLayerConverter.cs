using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>The activation layers: Activation (any <see cref="Activations"/> name), ReLU (max_value,
/// negative_slope, threshold), LeakyReLU, PReLU, ELU (alpha), ThresholdedReLU and Softmax (axis).</summary>
public sealed class ActivationLayerConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c) => [c.ClassName switch
    {
        "Activation" => c.ApplyActivation(c.Input),
        "ReLU" => Relu(c),
        "LeakyReLU" => c.Unary(BuiltinOperator.LeakyRelu, c.Input,
            new LeakyReluOptions { Alpha = c.Config.Has("negative_slope") ? c.Config.GetFloat("negative_slope") : c.Config.GetFloat("alpha", 0.3f) }),
        "PReLU" => PRelu(c),
        "ELU" => Activations.ScaledElu(c, c.Input, 1f, c.Config.GetFloat("alpha", 1f)),
        "ThresholdedReLU" => Threshold(c, c.Input, BuiltinOperator.Greater, c.Config.GetFloat("theta", 1f), 0f),
        _ => Softmax(c),
    }];

    /// <summary>Keras ReLU: max_value if x &gt;= max_value, x if threshold &lt;= x, else negative_slope * (x - threshold).</summary>
    private static Tensor Relu(LayerContext c)
    {
        float? max = c.Config.Has("max_value") ? c.Config.GetFloat("max_value") : null;
        var slope = c.Config.GetFloat("negative_slope", 0f);
        var threshold = c.Config.GetFloat("threshold", 0f);
        if (max < 0) throw c.Config.Unsupported("max_value");
        var x = c.Input;
        if (threshold == 0f && slope == 0f)
        {
            if (max is null) return c.Unary(BuiltinOperator.Relu, x);
            if (max == 6f) return c.Unary(BuiltinOperator.Relu6, x);
            return c.Binary(BuiltinOperator.Minimum, c.Unary(BuiltinOperator.Relu, x), c.Scalar(max.Value, "max_value"));
        }
        var y = threshold == 0f
            ? c.Unary(BuiltinOperator.LeakyRelu, x, new LeakyReluOptions { Alpha = slope })
            : Threshold(c, x, BuiltinOperator.GreaterEqual, threshold, slope);
        return max is null ? y : c.Binary(BuiltinOperator.Minimum, y, c.Scalar(max.Value, "max_value"));
    }

    /// <summary><c>x if x (op) threshold else slope * (x - threshold)</c> via SELECT_V2.</summary>
    private static Tensor Threshold(LayerContext c, Tensor x, BuiltinOperator comparison, float threshold, float slope)
    {
        var condition = c.Binary(comparison, x, c.Scalar(threshold, "threshold"));
        var otherwise = slope == 0f
            ? c.Scalar(0f, "zero")
            : c.Binary(BuiltinOperator.Mul, c.Binary(BuiltinOperator.Sub, x, c.Scalar(threshold, "threshold")), c.Scalar(slope, "negative_slope"));
        return c.Emit(BuiltinOperator.SelectV2, [condition, x, otherwise], LayerContext.DimsOf(x));
    }

    /// <summary>PReLU -> PRELU with the learned alpha (shape = input shape without batch, 1 along shared axes).</summary>
    private static Tensor PRelu(LayerContext c)
    {
        var dims = c.InputDims;
        var shared = c.Config.Has("shared_axes") ? c.Config.GetIntList("shared_axes") : [];
        var alphaShape = dims[1..].Select((d, i) => shared.Contains(i + 1) ? 1 : d).ToArray();
        if (alphaShape.Any(d => d < 0)) throw c.Unsupported($"input shape {Shape.Format(dims)} has unknown non-batch dimensions");
        c.ExpectWeightCount(1);
        var alpha = c.Weight(0, "alpha", alphaShape);
        return c.Emit(BuiltinOperator.Prelu, [c.Input, c.Constant(alpha.Values, alphaShape, "alpha")], dims);
    }

    /// <summary>SOFTMAX works on the last axis; another axis is swapped to the end and back.</summary>
    private static Tensor Softmax(LayerContext c)
    {
        var dims = c.InputDims;
        var axes = c.Config.GetIntList("axis", [-1]);
        var axis = axes.Length == 1 ? ShapeMath.NormalizeAxis(axes[0], dims.Length) : -1;
        if (axis < 1) throw c.Config.Unsupported("axis");
        var options = new SoftmaxOptions { Beta = 1f };
        if (axis == dims.Length - 1) return c.Unary(BuiltinOperator.Softmax, c.Input, options);
        var perm = Enumerable.Range(0, dims.Length).ToArray();
        (perm[axis], perm[^1]) = (perm[^1], perm[axis]);
        var moved = ReshapeOps.Transpose(c, c.Input, perm, "to_last");
        return ReshapeOps.Transpose(c, c.Unary(BuiltinOperator.Softmax, moved, options), perm, "from_last");
    }
}
