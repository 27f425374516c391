using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// Base of the integer element-wise kernels whose output has the input's shape: Prepare copies the shape and lets
/// the subclass derive its parameters.
/// </summary>
internal abstract class QuantizedElementwiseKernel(params TensorType[] types) : QuantizedKernel
{
    public override string? CheckSupport(OpNode node) => TypeDispatch.CheckSameType(node, types) ?? CheckParameters(node);

    public override void Prepare(OpNode node)
    {
        node.SetOutputShape(0, (int[])node.Input(0).Shape.Clone());
        node.State = CreateState(node);
    }

    /// <summary>Further requirements (fixed output scales, options); null when met.</summary>
    protected virtual string? CheckParameters(OpNode node) => null;

    /// <summary>The parameters Eval needs.</summary>
    protected abstract object CreateState(OpNode node);
}
