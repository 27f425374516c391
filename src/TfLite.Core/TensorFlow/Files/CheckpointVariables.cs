using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>The values of a TF1 graph's variables from its checkpoint: the key of a variable is its node name (or, for
/// a resource variable, its <c>shared_name</c>), as <c>tf.compat.v1.train.Saver</c> writes them.</summary>
public sealed class CheckpointVariables : ITfVariableSource
{
    private readonly TensorBundle _bundle;

    private CheckpointVariables(TensorBundle bundle) => _bundle = bundle;

    /// <summary>Opens the checkpoint with the given prefix (<c>model.ckpt</c> for <c>model.ckpt.index</c>).</summary>
    /// <exception cref="ModelFormatException">The index is missing or damaged.</exception>
    public static CheckpointVariables Open(string prefix) => new(TensorBundle.Open(prefix));

    /// <inheritdoc />
    public string Description => $"checkpoint '{_bundle.Prefix}'";

    /// <inheritdoc />
    public TensorProto? Find(NodeDef variableNode) => FindByName(_bundle, variableNode);

    /// <summary>The value a TF1 save keeps for <paramref name="variableNode"/>: under its <c>shared_name</c> (a
    /// resource variable) or its node name; null when the bundle has neither.</summary>
    internal static TensorProto? FindByName(TensorBundle bundle, NodeDef variableNode)
    {
        if (variableNode.Attr.TryGetValue("shared_name", out var shared) && shared.S.Length > 0 && bundle.Read(shared.S.ToStringUtf8()) is { } byShared)
            return byShared;
        return bundle.Read(variableNode.Name);
    }
}
