namespace TfLite.Core.Interpreter.Kernels;

/// <summary>ZEROS_LIKE: zeros of the input's shape and type.</summary>
internal sealed class ZerosLikeKernel : IKernel
{
    public string? CheckSupport(OpNode node) => node.Input(0).Type == node.Output(0).Type ? null : "input and output types differ";

    public void Prepare(OpNode node) => node.SetOutputShape(0, (int[])node.Input(0).Shape.Clone());

    public void Eval(OpNode node) => node.Output(0).WritableBytes.Clear();
}
