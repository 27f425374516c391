using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RESIZE_NEAREST_NEIGHBOR: inputs (input NHWC, size [2]).</summary>
internal sealed class ResizeNearestNeighborKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var o = node.GetOptions<ResizeNearestNeighborOptions>();
        var input = node.Input(0);
        KernelSupport.RequireRank(node, input, 4);
        var size = Constant(node, 1);
        KernelSupport.Require(node, size.Length == 2 && size[0] > 0 && size[1] > 0, "size must hold two positive values");
        return (IndexMaps.ResizeNearest(input.Shape, size[0], size[1], o.AlignCorners, o.HalfPixelCenters), [input.Shape[0], size[0], size[1], input.Shape[3]]);
    }
}
