namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>An operator with a float kernel and an integer kernel: each node goes to the one its tensor types call
/// for.</summary>
internal sealed class TypeRoutedKernel(IKernel? floatKernel, IQuantizedKernel quantizedKernel) : IKernel
{
    private const string NoKernel = "no kernel for these types";

    public string? CheckSupport(OpNode node) => Route(node) is { } kernel ? kernel.CheckSupport(node) : NoKernel;

    public void Prepare(OpNode node) => Kernel(node).Prepare(node);

    public void Eval(OpNode node) => Kernel(node).Eval(node);

    private IKernel? Route(OpNode node) => quantizedKernel.Handles(node) ? quantizedKernel : floatKernel;

    private IKernel Kernel(OpNode node) =>
        Route(node) ?? throw node.Error("UnsupportedOperator", $"{node.Describe()}: {NoKernel}.");
}
