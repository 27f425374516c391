using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>PACK: stacks N equal-shaped inputs along a new axis.</summary>
internal sealed class PackKernel : IKernel
{
    public string? CheckSupport(OpNode node) =>
        node.Inputs.All(t => t is not null && t.Type == node.Output(0).Type) && node.Output(0).Type.SizeOf() > 0 ? null : "inputs and output must have one type";

    public void Prepare(OpNode node)
    {
        var first = node.Input(0);
        int axis = ShapeMath.Axis(node.GetOptions<PackOptions>().Axis, first.Shape.Length + 1, node);
        foreach (var t in node.Inputs)
            KernelSupport.Require(node, Shape.AreEqual(t!.Shape, first.Shape), "all inputs must have the same shape");
        node.State = axis;
        node.SetOutputShape(0, [.. first.Shape[..axis], node.InputCount, .. first.Shape[axis..]]);
    }

    public void Eval(OpNode node)
    {
        int axis = (int)node.State!;
        var output = node.Output(0);
        // Stacking at axis = concatenating inputs reshaped with a 1 at that axis.
        Concat.Join(node.Inputs.Select(t => ((int[])[.. t!.Shape[..axis], 1, .. t.Shape[axis..]], t.Memory)).ToList(), axis, output.Type.SizeOf(), output.WritableBytes);
    }
}
