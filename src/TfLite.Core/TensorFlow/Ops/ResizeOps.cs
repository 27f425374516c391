using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>ResizeBilinear and ResizeNearestNeighbor (align_corners, half_pixel_centers) -> RESIZE_BILINEAR,
/// RESIZE_NEAREST_NEIGHBOR. The size must be known at conversion time: a constant, or shape arithmetic on tensors of
/// known shape, which the shape ops compute.</summary>
public sealed class ResizeOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["ResizeBilinear", "ResizeNearestNeighbor"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var x = c.Input(0);
        if (x.Dims.Length != 4) throw c.Invalid($"needs a 4-D input, not {Shape.Format(x.Dims)}");
        var size = c.Constant(1).IntValues();
        if (size.Length != 2 || size.Any(s => s <= 0)) throw c.Invalid($"resizes to [{string.Join(",", size)}]");
        var (align, half) = (c.Attr.Bool("align_corners"), c.Attr.Bool("half_pixel_centers"));
        var sizeTensor = c.Materialize(TfValue.Constant([.. size.Select(s => (long)s)], [2]), $"{c.Node.Name}/size");
        int[] dims = [x.Dims[0], size[0], size[1], x.Dims[3]];
        return c.Node.Op == "ResizeBilinear"
            ? [c.Emit(BuiltinOperator.ResizeBilinear, [c.Tensor(0), sizeTensor], dims, new ResizeBilinearOptions { AlignCorners = align, HalfPixelCenters = half })]
            : [c.Emit(BuiltinOperator.ResizeNearestNeighbor, [c.Tensor(0), sizeTensor], dims, new ResizeNearestNeighborOptions { AlignCorners = align, HalfPixelCenters = half })];
    }
}
