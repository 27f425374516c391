using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SLICE: inputs (input, begin, size); size -1 runs to the end.</summary>
internal sealed class SliceKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        int rank = input.Shape.Length;
        var begin = Constant(node, 1);
        var size = Constant(node, 2);
        KernelSupport.Require(node, begin.Length == rank && size.Length == rank, "begin and size must have one value per dimension");
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            shape[d] = size[d] == -1 ? input.Shape[d] - begin[d] : size[d];
            KernelSupport.Require(node, begin[d] >= 0 && shape[d] >= 0 && begin[d] + shape[d] <= input.Shape[d], $"slice out of range in dimension {d}");
        }
        return (IndexMaps.StridedSlice(input.Shape, begin, Enumerable.Repeat(1, rank).ToArray(), shape), shape);
    }
}
