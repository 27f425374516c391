using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Const, and the nodes that pass their input through at inference (Identity, StopGradient, Snapshot,
/// PlaceholderWithDefault when not chosen as an input, the Identity that eval-mode dropout leaves).</summary>
public sealed class StructuralOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } =
        ["Const", "Identity", "StopGradient", "Snapshot", "PreventGradient", "CheckNumerics", "PlaceholderWithDefault", "EnsureShape", "IdentityN", "Placeholder"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        switch (c.Node.Op)
        {
            case "Const":
                return [TfValue.FromProto(c.Attr.Tensor("value"), $"node '{c.Node.Name}'")];
            case "IdentityN":
                return c.Inputs;
            case "Placeholder":
                throw c.Invalid("is a Placeholder that the outputs need but that is not among the inputs; add it to the input names");
            default:
                return [c.Input(0)];
        }
    }
}
