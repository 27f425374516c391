using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SQUEEZE: drops the listed size-1 dimensions (all of them when none are listed).</summary>
internal sealed class SqueezeKernel : IKernel
{
    public string? CheckSupport(OpNode node) => node.Input(0).Type == node.Output(0).Type ? null : "input and output types differ";

    public void Prepare(OpNode node)
    {
        var shape = node.Input(0).Shape;
        var dims = node.GetOptions<SqueezeOptions>().SqueezeDims.Select(d => ShapeMath.Axis(d, shape.Length, node)).ToHashSet();
        foreach (var d in dims) KernelSupport.Require(node, shape[d] == 1, $"dimension {d} has size {shape[d]}, not 1");
        node.SetOutputShape(0, shape.Where((s, d) => dims.Count == 0 ? s != 1 : !dims.Contains(d)).ToArray());
    }

    public void Eval(OpNode node) => CopyKernel.Copy(node.Input(0), node.Output(0));
}
