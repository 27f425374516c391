namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SPLIT_V: inputs (input, size_splits, axis); one -1 size takes the rest.</summary>
internal sealed class SplitVKernel : SplitKernelBase
{
    protected override RuntimeTensor DataInput(OpNode node) => node.Input(0);

    protected override (int Axis, int[] Sizes) Plan(OpNode node)
    {
        var input = node.Input(0);
        int axis = ConstantAxis(node, node.Input(2), input.Shape.Length);
        if (!node.Input(1).HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: size_splits must be constant.");
        var sizes = KernelSupport.ReadInts(node, node.Input(1));
        int unknown = Array.IndexOf(sizes, -1);
        if (unknown >= 0) sizes[unknown] = input.Shape[axis] - (sizes.Sum() + 1);
        return (axis, sizes);
    }
}
