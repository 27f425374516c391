using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>REVERSE_V2: inputs (input, axes).</summary>
internal sealed class ReverseV2Kernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        var axes = Constant(node, 1).Select(a => ShapeMath.Axis(a, input.Shape.Length, node)).ToHashSet();
        return (IndexMaps.Reverse(input.Shape, axes), (int[])input.Shape.Clone());
    }
}
