using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>TRANSPOSE: inputs (input, perm).</summary>
internal sealed class TransposeKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        var perm = Constant(node, 1).Select(p => ShapeMath.Axis(p, input.Shape.Length, node)).ToArray();
        KernelSupport.Require(node, perm.Length == input.Shape.Length && perm.Distinct().Count() == perm.Length, "perm must be a permutation of the input's axes");
        return (IndexMaps.Transpose(input.Shape, perm), perm.Select(p => input.Shape[p]).ToArray());
    }
}
