using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Runs 1-D layers through TFLite's 2-D ops as TensorFlow does: [N, W, C] becomes [N, 1, W, C] before the op and
/// back after it. With a fully known shape that is RESHAPE on both sides; with a dynamic dimension (the batch)
/// EXPAND_DIMS and SQUEEZE.
/// </summary>
public static class Spatial1D
{
    /// <summary>[N, W, C] to [N, 1, W, C].</summary>
    public static Tensor ToImage(LayerContext c, Tensor x)
    {
        var d = LayerContext.DimsOf(x);
        if (d.Length != 3) throw RankError(c, d);
        int[] expanded = [d[0], 1, d[1], d[2]];
        return d.All(v => v >= 0)
            ? c.Emit(BuiltinOperator.Reshape, [x, c.ConstantInt32(expanded, "expanded_shape")], expanded, new ReshapeOptions { NewShape = expanded }, "expanded", x.Type)
            : c.Emit(BuiltinOperator.ExpandDims, [x, c.ConstantInt32([1], "expand_axis", [])], expanded, null, "expanded", x.Type);
    }

    /// <summary>[N, 1, W, C] back to [N, W, C].</summary>
    public static Tensor FromImage(LayerContext c, Tensor y)
    {
        var d = LayerContext.DimsOf(y);
        int[] squeezed = [d[0], d[2], d[3]];
        return d.All(v => v >= 0)
            ? c.Emit(BuiltinOperator.Reshape, [y, c.ConstantInt32(squeezed, "squeezed_shape")], squeezed, new ReshapeOptions { NewShape = squeezed }, "squeezed", y.Type)
            : c.Emit(BuiltinOperator.Squeeze, [y], squeezed, new SqueezeOptions { SqueezeDims = [1] }, "squeezed", y.Type);
    }

    /// <summary>The error for an input of the wrong rank.</summary>
    public static ModelFormatException RankError(LayerContext c, int[] dims) =>
        new("InvalidLayerInputs", $"Layer '{c.LayerName}' ({c.ClassName}) expects a rank-3 input [batch, steps, channels] but gets {Shape.Format(dims)}.", c.LayerName);
}
