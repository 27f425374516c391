using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>EXPAND_DIMS: inputs (input, axis); inserts a size-1 dimension.</summary>
internal sealed class ExpandDimsKernel : IKernel
{
    public string? CheckSupport(OpNode node) => node.Input(0).Type == node.Output(0).Type ? null : "input and output types differ";

    public void Prepare(OpNode node)
    {
        var shape = node.Input(0).Shape;
        var axisTensor = node.Input(1);
        if (!axisTensor.HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: the axis must be constant.");
        int axis = ShapeMath.Axis(KernelSupport.ReadInts(node, axisTensor)[0], shape.Length + 1, node);
        node.SetOutputShape(0, [.. shape[..axis], 1, .. shape[axis..]]);
    }

    public void Eval(OpNode node) => CopyKernel.Copy(node.Input(0), node.Output(0));
}
