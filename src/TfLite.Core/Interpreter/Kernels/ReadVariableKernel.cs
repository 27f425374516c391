using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>READ_VARIABLE: the resource variable's current value (its shape is known only at run time).</summary>
internal sealed class ReadVariableKernel : IKernel
{
    public string? CheckSupport(OpNode node) => node.Input(0).Type == TensorType.Resource ? null : "input 0 must be a resource tensor";

    public void Prepare(OpNode node) => node.SetOutputDynamic(0);

    public void Eval(OpNode node)
    {
        var output = node.Output(0);
        if (!node.Context.Variables.TryRead(node.Input(0).AsSpan<int>()[0], out var v))
            throw node.Error("UninitializedVariable", $"{node.Describe()}: the variable was read before any value was assigned.");
        if (v.Type != output.Type)
            throw node.Error("VariableTypeMismatch", $"{node.Describe()}: the variable holds {v.Type}, the output is {output.Type}.");
        node.ResizeOutput(0, v.Shape);
        v.Data.CopyTo(output.WritableBytes);
    }
}
