using TfLite.Core.TensorFlow.Conversion;
using TfLite.Core.TensorFlow.Files;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Variables (TF1 VariableV2/Variable, resource VarHandleOp) become constants holding their values from the
/// checkpoint or SavedModel; reading them (ReadVariableOp, the <c>/read</c> Identity) passes the value on.</summary>
public sealed class VariableOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["VariableV2", "Variable", "VarHandleOp", "ReadVariableOp"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        if (c.Node.Op == "ReadVariableOp") return [c.Input(0)];
        if (c.Variables is null)
            throw new ModelFormatException(TfErrorIds.MissingVariable,
                $"Node '{c.Node.Name}' ({c.Node.Op}) is a variable, and no checkpoint was given for its value (freeze the graph, or give the checkpoint prefix).", c.Node.Name);
        var value = c.Variables.Find(c.Node) ?? throw new ModelFormatException(TfErrorIds.MissingVariable,
            $"Variable '{c.Node.Name}' has no value in {c.Variables.Description}.", c.Node.Name);
        return [TfValue.FromProto(value, $"variable '{c.Node.Name}'")];
    }
}
