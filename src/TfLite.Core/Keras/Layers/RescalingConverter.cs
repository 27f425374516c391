using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Rescaling -> MUL by <c>scale</c> then ADD of <c>offset</c> (each a scalar or one value per channel); a
/// factor of 1 or an offset of 0 adds no op.</summary>
public sealed class RescalingConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Rescaling"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var scale = c.Config.GetFloatList("scale");
        var offset = c.Config.GetFloatList("offset", [0f]);
        var y = c.Input;
        if (scale.Any(v => v != 1f)) y = c.Binary(BuiltinOperator.Mul, y, PerChannel(c, scale, "scale"));
        if (offset.Any(v => v != 0f)) y = c.Binary(BuiltinOperator.Add, y, PerChannel(c, offset, "offset"));
        return [y];
    }

    private static Tensor PerChannel(LayerContext c, float[] values, string name) =>
        values.Length == 1 ? c.Scalar(values[0], name) : c.Constant(values, [values.Length], name);
}
