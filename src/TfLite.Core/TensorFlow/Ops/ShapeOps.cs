using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Shape, Size and Rank of tensors whose shapes are known at conversion time -> constants, so the shape
/// arithmetic after them (a resize to twice the input's size, say) is computed once, as TensorFlow's converter
/// folds it. A dynamic batch stays -1 in a Shape; the ops reading it check that they do not need it.</summary>
public sealed class ShapeOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["Shape", "Size", "Rank"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var dims = c.Input(0).Dims;
        if (c.Node.Op == "Rank") return [TfValue.Constant([dims.Length], [])];
        if (c.Node.Op == "Shape") return [TfValue.Constant([.. dims.Select(d => (long)d)], [dims.Length])];
        if (dims.Any(d => d < 0))
            throw c.Unsupported($"takes the size of {Graph.Shape.Format(dims)}, which is not fully known; give the input shape");
        return [TfValue.Constant([dims.Aggregate(1L, (a, d) => a * d)], [])];
    }
}
