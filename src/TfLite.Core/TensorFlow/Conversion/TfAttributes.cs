using System.Text;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>Typed access to a node's attributes, with errors that name the node.</summary>
public sealed class TfAttributes(NodeDef node)
{
    /// <summary>Whether the attribute is present.</summary>
    public bool Has(string name) => node.Attr.ContainsKey(name);

    /// <summary>A string attribute (<c>padding</c>, <c>data_format</c>), or <paramref name="fallback"/>.</summary>
    public string String(string name, string? fallback = null) =>
        node.Attr.TryGetValue(name, out var v) ? Encoding.UTF8.GetString(v.S.Span) : fallback ?? throw Missing(name);

    /// <summary>An integer attribute, or <paramref name="fallback"/>.</summary>
    public long Int(string name, long? fallback = null) =>
        node.Attr.TryGetValue(name, out var v) ? v.I : fallback ?? throw Missing(name);

    /// <summary>A float attribute, or <paramref name="fallback"/>.</summary>
    public float Float(string name, float? fallback = null) =>
        node.Attr.TryGetValue(name, out var v) ? v.F : fallback ?? throw Missing(name);

    /// <summary>A bool attribute, or <paramref name="fallback"/>.</summary>
    public bool Bool(string name, bool fallback = false) => node.Attr.TryGetValue(name, out var v) ? v.B : fallback;

    /// <summary>An integer list attribute (<c>strides</c>, <c>ksize</c>), or <paramref name="fallback"/>.</summary>
    public int[] Ints(string name, int[]? fallback = null) =>
        node.Attr.TryGetValue(name, out var v) ? [.. v.List.I.Select(i => checked((int)i))] : fallback ?? throw Missing(name);

    /// <summary>A type attribute (<c>T</c>, <c>dtype</c>), or <paramref name="fallback"/>.</summary>
    public DataType Type(string name, DataType? fallback = null) =>
        node.Attr.TryGetValue(name, out var v) ? v.Type : fallback ?? throw Missing(name);

    /// <summary>A shape attribute: dimensions with -1 where unknown, or null for an unknown rank or no attribute.</summary>
    public int[]? Shape(string name) =>
        node.Attr.TryGetValue(name, out var v) && v.Shape is { UnknownRank: false } s ? [.. s.Dim.Select(d => d.Size < 0 ? -1 : checked((int)d.Size))] : null;

    /// <summary>A tensor attribute (<c>value</c> of a Const).</summary>
    public TensorProto Tensor(string name) =>
        node.Attr.TryGetValue(name, out var v) && v.Tensor is { } t ? t : throw Missing(name);

    private ModelFormatException Missing(string name) =>
        new(TfErrorIds.InvalidNode, $"Node '{node.Name}' ({node.Op}) has no attribute '{name}'.", node.Name);
}
