namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SPLIT: inputs (axis, input); equal parts.</summary>
internal sealed class SplitKernel : SplitKernelBase
{
    protected override RuntimeTensor DataInput(OpNode node) => node.Input(1);

    protected override (int Axis, int[] Sizes) Plan(OpNode node)
    {
        var input = node.Input(1);
        int axis = ConstantAxis(node, node.Input(0), input.Shape.Length);
        int n = node.Outputs.Length;
        KernelSupport.Require(node, input.Shape[axis] % n == 0, $"dimension {input.Shape[axis]} does not split into {n}");
        return (axis, Enumerable.Repeat(input.Shape[axis] / n, n).ToArray());
    }
}
