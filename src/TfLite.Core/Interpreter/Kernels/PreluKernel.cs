using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>PRELU (float): x &gt;= 0 ? x : x * alpha, alpha broadcast against x.</summary>
internal sealed class PreluKernel : IKernel
{
    public string? CheckSupport(OpNode node) => KernelSupport.AllOfType(node, TensorType.Float32);

    public void Prepare(OpNode node)
    {
        var shape = ShapeMath.Broadcast(node.Input(0).Shape, node.Input(1).Shape)
            ?? throw node.Error("InvalidShape", $"{node.Describe()}: alpha does not broadcast against the input.");
        node.SetOutputShape(0, shape);
    }

    public void Eval(OpNode node)
    {
        var x = node.Input(0);
        var alpha = node.Input(1);
        var y = node.Output(0);
        BroadcastBinary.Generic<float, float>(x.Shape, x.AsSpan<float>(), alpha.Shape, alpha.AsSpan<float>(), y.Shape, y.Writable<float>(),
            (v, a) => v >= 0 ? v : v * a);
    }
}
