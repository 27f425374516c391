using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>UNPACK: splits along an axis into size-1 slices and drops that axis.</summary>
internal sealed class UnpackKernel : SplitKernelBase
{
    protected override bool DropsAxis => true;

    protected override RuntimeTensor DataInput(OpNode node) => node.Input(0);

    protected override (int Axis, int[] Sizes) Plan(OpNode node)
    {
        var input = node.Input(0);
        int axis = ShapeMath.Axis(node.GetOptions<UnpackOptions>().Axis, input.Shape.Length, node);
        return (axis, Enumerable.Repeat(1, input.Shape[axis]).ToArray());
    }
}
