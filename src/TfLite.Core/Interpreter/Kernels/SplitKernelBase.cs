using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Base of SPLIT, SPLIT_V and UNPACK: the input is dealt out along an axis into the outputs.</summary>
internal abstract class SplitKernelBase : IKernel
{
    protected abstract RuntimeTensor DataInput(OpNode node);

    /// <summary>The axis and the size of each output along it.</summary>
    protected abstract (int Axis, int[] Sizes) Plan(OpNode node);

    /// <summary>True for UNPACK, whose outputs drop the axis.</summary>
    protected virtual bool DropsAxis => false;

    public string? CheckSupport(OpNode node) =>
        node.Outputs.All(o => o.Type == DataInput(node).Type) && DataInput(node).Type.SizeOf() > 0 ? null : "inputs and outputs must have one type";

    public void Prepare(OpNode node)
    {
        var input = DataInput(node);
        var (axis, sizes) = Plan(node);
        KernelSupport.Require(node, sizes.Length == node.Outputs.Length, $"{sizes.Length} splits for {node.Outputs.Length} outputs");
        KernelSupport.Require(node, sizes.Sum() == input.Shape[axis] && sizes.All(s => s >= 0), $"splits {Shape.Format(sizes)} do not add up to dimension {input.Shape[axis]}");
        for (int i = 0; i < sizes.Length; i++)
        {
            var shape = (int[])input.Shape.Clone();
            shape[axis] = sizes[i];
            node.SetOutputShape(i, DropsAxis ? [.. shape[..axis], .. shape[(axis + 1)..]] : shape);
        }
        node.State = (axis, sizes);
    }

    public void Eval(OpNode node)
    {
        var input = DataInput(node);
        var (axis, sizes) = ((int, int[]))node.State!;
        var outputs = node.Outputs.Select((o, i) =>
        {
            var shape = (int[])input.Shape.Clone();
            shape[axis] = sizes[i];
            return (shape, o.WritableMemory);
        }).ToList();
        Concat.Split(input.Bytes, input.Shape, axis, input.Type.SizeOf(), outputs);
    }

    protected static int ConstantAxis(OpNode node, RuntimeTensor axisTensor, int rank)
    {
        if (!axisTensor.HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: the axis must be constant.");
        return ShapeMath.Axis(KernelSupport.ReadInts(node, axisTensor)[0], rank, node);
    }
}
