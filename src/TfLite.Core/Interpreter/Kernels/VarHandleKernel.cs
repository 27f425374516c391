using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>VAR_HANDLE: writes the id of the (container, shared name) resource variable into its resource output.</summary>
internal sealed class VarHandleKernel : IKernel
{
    public string? CheckSupport(OpNode node) => node.Output(0).Type == TensorType.Resource ? null : "output must be a resource tensor";

    public void Prepare(OpNode node) => node.SetOutputShape(0, []);

    public void Eval(OpNode node)
    {
        var o = node.GetOptions<VarHandleOptions>();
        node.Output(0).Writable<int>()[0] = node.Context.Variables.Handle(o.Container, o.SharedName);
    }
}
