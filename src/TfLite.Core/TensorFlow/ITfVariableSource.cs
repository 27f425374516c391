using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow;

/// <summary>
/// Supplies the values of a graph's variables: a TF1 checkpoint (keys are the variables' names) or a SavedModel's
/// variables bundle (keys found through its object graph). The converter turns each variable read into a constant.
/// </summary>
public interface ITfVariableSource
{
    /// <summary>What the values come from (a checkpoint prefix, a SavedModel folder), for error messages.</summary>
    string Description { get; }

    /// <summary>The value of the variable that <paramref name="variableNode"/> (a <c>VariableV2</c>, <c>Variable</c>
    /// or <c>VarHandleOp</c> node) stands for, as a tensor with <c>tensor_content</c>; null when the source has no
    /// value for it.</summary>
    /// <exception cref="ModelFormatException">The value exists but cannot be read (corrupt or truncated data).</exception>
    TensorProto? Find(NodeDef variableNode);
}
