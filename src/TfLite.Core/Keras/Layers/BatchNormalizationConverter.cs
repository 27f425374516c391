using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// BatchNormalization (inference) -> MUL by the per-channel constant scale = gamma / sqrt(variance + epsilon), then
/// ADD of offset = beta - mean * scale. The graph passes fold this pair into a preceding convolution or dense op
/// where TensorFlow does.
/// </summary>
public sealed class BatchNormalizationConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["BatchNormalization", "SyncBatchNormalization"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        if (c.Config.Has("renorm") && c.Config.GetBool("renorm")) throw c.Config.Unsupported("renorm");
        var dims = c.InputDims;
        var axes = ChannelAxes.Read(c, dims);
        if (axes.Length != 1) throw c.Config.Unsupported("axis", "one axis is supported");
        var channels = dims[axes[0]];
        var center = c.Config.GetBool("center", true);
        var scale = c.Config.GetBool("scale", true);
        var epsilon = c.Config.GetFloat("epsilon", 1e-3f);
        var index = 0;
        var gamma = scale ? c.Weight(index++, "gamma", channels).Values : null;
        var beta = center ? c.Weight(index++, "beta", channels).Values : null;
        var mean = c.Weight(index++, "moving_mean", channels).Values;
        var variance = c.Weight(index++, "moving_variance", channels).Values;
        c.ExpectWeightCount(index);

        var multiplier = new float[channels];
        var offset = new float[channels];
        for (var i = 0; i < channels; i++)
        {
            multiplier[i] = (gamma?[i] ?? 1f) * (1f / MathF.Sqrt(variance[i] + epsilon));
            offset[i] = (beta?[i] ?? 0f) - mean[i] * multiplier[i];
        }
        var constShape = ChannelAxes.BroadcastShape(dims, axes);
        var scaled = c.Binary(BuiltinOperator.Mul, c.Input, c.Constant(multiplier, constShape, "scale"));
        return [c.Binary(BuiltinOperator.Add, scaled, c.Constant(offset, constShape, "offset"))];
    }
}
