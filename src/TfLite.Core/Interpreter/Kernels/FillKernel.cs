using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>FILL: inputs (dims, value); the output has shape dims, every element the value.</summary>
internal sealed class FillKernel : IKernel
{
    public string? CheckSupport(OpNode node) =>
        node.Input(1).Type == node.Output(0).Type && node.Output(0).Type.SizeOf() > 0 ? null : "value and output types differ";

    public void Prepare(OpNode node)
    {
        var dims = node.Input(0);
        if (dims.HasValue) node.SetOutputShape(0, KernelSupport.ReadInts(node, dims));
        else node.SetOutputDynamic(0);
    }

    public void Eval(OpNode node)
    {
        var output = node.Output(0);
        if (output.IsDynamic) node.ResizeOutput(0, KernelSupport.ReadInts(node, node.Input(0)));
        var value = node.Input(1).Bytes;
        var dst = output.WritableBytes;
        for (int at = 0; at + value.Length <= dst.Length; at += value.Length) value.CopyTo(dst[at..]);
    }
}
