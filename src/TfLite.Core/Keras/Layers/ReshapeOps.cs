using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>RESHAPE emission shared by the layers that change shapes.</summary>
public static class ReshapeOps
{
    /// <summary>RESHAPE to <paramref name="dims"/>; an unknown dimension (at most one) is written as -1 in the
    /// shape constant, so a dynamic batch stays dynamic.</summary>
    public static Tensor Reshape(LayerContext c, Tensor x, int[] dims, string suffix = "Reshape")
    {
        if (dims.Count(d => d < 0) > 1)
            throw c.Unsupported($"reshaping {Shape.Format(LayerContext.DimsOf(x))} to {Shape.Format(dims)} needs more than one unknown dimension");
        var shape = dims.Select(d => d < 0 ? -1 : d).ToArray();
        return c.Emit(BuiltinOperator.Reshape, [x, c.ConstantInt32(shape, suffix + "_shape")], dims,
            new ReshapeOptions { NewShape = shape }, suffix, x.Type);
    }

    /// <summary>TRANSPOSE by <paramref name="perm"/>.</summary>
    public static Tensor Transpose(LayerContext c, Tensor x, int[] perm, string suffix = "Transpose")
    {
        var d = LayerContext.DimsOf(x);
        return c.Emit(BuiltinOperator.Transpose, [x, c.ConstantInt32(perm, suffix + "_perm")], perm.Select(p => d[p]).ToArray(), null, suffix, x.Type);
    }
}
