using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// LayerNormalization -> the ops TensorFlow lowers it to: mean = MEAN(x), variance = MEAN(SQUARED_DIFFERENCE(x,
/// mean)), inv = RSQRT(variance + epsilon) * gamma, out = x * inv + (beta - mean * inv).
/// </summary>
public sealed class LayerNormalizationConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["LayerNormalization"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        if (c.Config.Has("rms_scaling") && c.Config.GetBool("rms_scaling")) throw c.Config.Unsupported("rms_scaling");
        var dims = c.InputDims;
        var axes = ChannelAxes.Read(c, dims);
        var center = c.Config.GetBool("center", true);
        var scale = c.Config.GetBool("scale", true);
        var epsilon = c.Config.GetFloat("epsilon", 1e-3f);
        var weightShape = ChannelAxes.WeightShape(dims, axes);
        var constShape = ChannelAxes.BroadcastShape(dims, axes);
        var index = 0;
        var gamma = scale ? c.Weight(index++, "gamma", weightShape).Values : null;
        var beta = center ? c.Weight(index++, "beta", weightShape).Values : null;
        c.ExpectWeightCount(index);

        var x = c.Input;
        var reducedDims = dims.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray();
        var axesTensor = c.ConstantInt32(axes, "axes");
        var keep = new ReducerOptions { KeepDims = true };
        var mean = c.Emit(BuiltinOperator.Mean, [x, axesTensor], reducedDims, keep, "mean");
        var squares = c.Binary(BuiltinOperator.SquaredDifference, x, mean, "squared_difference");
        var variance = c.Emit(BuiltinOperator.Mean, [squares, axesTensor], reducedDims, keep, "variance");
        var inv = c.Unary(BuiltinOperator.Rsqrt, c.Binary(BuiltinOperator.Add, variance, c.Scalar(epsilon, "epsilon")));
        if (gamma is not null) inv = c.Binary(BuiltinOperator.Mul, inv, c.Constant(gamma, constShape, "gamma"));
        var scaled = c.Binary(BuiltinOperator.Mul, x, inv);
        var meanScaled = c.Binary(BuiltinOperator.Mul, mean, inv);
        return beta is null
            ? [c.Binary(BuiltinOperator.Sub, scaled, meanScaled)]
            : [c.Binary(BuiltinOperator.Add, scaled, c.Binary(BuiltinOperator.Sub, c.Constant(beta, constShape, "beta"), meanScaled))];
    }
}
