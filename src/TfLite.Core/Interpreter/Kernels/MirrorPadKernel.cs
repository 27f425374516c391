using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>MIRROR_PAD: inputs (input, paddings), REFLECT or SYMMETRIC.</summary>
internal sealed class MirrorPadKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        int rank = input.Shape.Length;
        bool symmetric = node.GetOptions<MirrorPadOptions>().Mode == MirrorPadMode.Symmetric;
        var pads = Constant(node, 1);
        KernelSupport.Require(node, pads.Length == 2 * rank, $"paddings have {pads.Length} values for rank {rank}");
        var before = new int[rank];
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int limit = input.Shape[d] - (symmetric ? 0 : 1);
            KernelSupport.Require(node, pads[2 * d] >= 0 && pads[2 * d + 1] >= 0 && pads[2 * d] <= limit && pads[2 * d + 1] <= limit, $"paddings of dimension {d} exceed what mirroring allows");
            before[d] = pads[2 * d];
            shape[d] = input.Shape[d] + pads[2 * d] + pads[2 * d + 1];
        }
        return (IndexMaps.MirrorPad(input.Shape, before, shape, symmetric), shape);
    }
}
