using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>ASSIGN_VARIABLE: inputs (resource handle, value); the value persists across Invoke calls.</summary>
internal sealed class AssignVariableKernel : IKernel
{
    public string? CheckSupport(OpNode node) => node.Input(0).Type == TensorType.Resource ? null : "input 0 must be a resource tensor";

    public void Prepare(OpNode node) { }

    public void Eval(OpNode node)
    {
        var value = node.Input(1);
        node.Context.Variables.Assign(node.Input(0).AsSpan<int>()[0], value.Type, value.Shape, value.Bytes);
    }
}
