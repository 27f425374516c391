using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SPACE_TO_DEPTH (NHWC).</summary>
internal sealed class SpaceToDepthKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        int block = node.GetOptions<SpaceToDepthOptions>().BlockSize;
        KernelSupport.RequireRank(node, input, 4);
        KernelSupport.Require(node, block > 0 && input.Shape[1] % block == 0 && input.Shape[2] % block == 0, $"block size {block} does not divide the height and width");
        return (IndexMaps.SpaceToDepth(input.Shape, block), [input.Shape[0], input.Shape[1] / block, input.Shape[2] / block, input.Shape[3] * block * block]);
    }
}
