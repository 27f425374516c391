namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>A GraphDef tensor reference: <c>node</c> (output 0), <c>node:k</c>, or <c>^node</c> (a control input).</summary>
/// <param name="Node">The producing node's name.</param>
/// <param name="Output">Which of its outputs.</param>
/// <param name="IsControl">A control dependency, which carries no value.</param>
public readonly record struct TensorName(string Node, int Output, bool IsControl)
{
    /// <summary>Parses a reference as NodeDef inputs and <c>from_frozen_graph</c>'s arrays write it.</summary>
    public static TensorName Parse(string reference)
    {
        if (reference.StartsWith('^')) return new TensorName(reference[1..], 0, true);
        var colon = reference.LastIndexOf(':');
        if (colon > 0 && int.TryParse(reference.AsSpan(colon + 1), out var output) && output >= 0)
            return new TensorName(reference[..colon], output, false);
        return new TensorName(reference, 0, false);
    }

    /// <inheritdoc />
    public override string ToString() => IsControl ? "^" + Node : Output == 0 ? Node : $"{Node}:{Output}";
}
