using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>DEPTH_TO_SPACE (NHWC).</summary>
internal sealed class DepthToSpaceKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        int block = node.GetOptions<DepthToSpaceOptions>().BlockSize;
        KernelSupport.RequireRank(node, input, 4);
        KernelSupport.Require(node, block > 0 && input.Shape[3] % (block * block) == 0, $"block size {block} does not divide the depth");
        return (IndexMaps.DepthToSpace(input.Shape, block), [input.Shape[0], input.Shape[1] * block, input.Shape[2] * block, input.Shape[3] / (block * block)]);
    }
}
