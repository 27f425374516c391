namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// The integer path of an operator. It runs instead of the operator's float kernel for the nodes it
/// <see cref="Handles"/> (decided from tensor types alone, so the choice is the same in every phase).
/// </summary>
internal interface IQuantizedKernel : IKernel
{
    /// <summary>True when this node's tensors call for the integer path.</summary>
    bool Handles(OpNode node);
}

/// <summary>Base of the integer kernels: by default a node is theirs when its first input and first output are
/// quantized int8, uint8 or int16 tensors.</summary>
internal abstract class QuantizedKernel : IQuantizedKernel
{
    public virtual bool Handles(OpNode node) =>
        QuantizedTensors.IsQuantizedInteger(node.OptionalInput(0)) && QuantizedTensors.IsQuantizedInteger(node.Output(0));

    public abstract string? CheckSupport(OpNode node);

    public abstract void Prepare(OpNode node);

    public abstract void Eval(OpNode node);
}
