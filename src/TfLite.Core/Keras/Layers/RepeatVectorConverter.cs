using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>RepeatVector(n) -> EXPAND_DIMS [N, D] to [N, 1, D], then TILE by [1, n, 1] (TensorFlow's lowering).</summary>
public sealed class RepeatVectorConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["RepeatVector"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var n = c.Config.GetInt("n");
        if (n < 1) throw c.Config.Unsupported("n");
        var dims = c.InputDimsOfRank(2);
        var expanded = c.Emit(BuiltinOperator.ExpandDims, [c.Input, c.ConstantInt32([1], "axis", [])], [dims[0], 1, dims[1]], null, "ExpandDims");
        return [c.Emit(BuiltinOperator.Tile, [expanded, c.ConstantInt32([1, n, 1], "multiples")], [dims[0], n, dims[1]])];
    }
}
