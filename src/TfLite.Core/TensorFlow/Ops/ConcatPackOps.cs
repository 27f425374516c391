using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>ConcatV2 (axis as the last input) -> CONCATENATION and Pack -> PACK, or the joined constant when every
/// input is one (a size built from shape pieces).</summary>
public sealed class ConcatPackOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["ConcatV2", "Pack"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var concat = c.Node.Op == "ConcatV2";
        var parts = concat ? c.Inputs.Take(c.Inputs.Count - 1).ToList() : [.. c.Inputs];
        if (parts.Count == 0) throw c.Invalid("has no inputs to join");
        var first = parts[0].Dims;
        var rank = concat ? first.Length : first.Length + 1;
        var axisValue = concat ? (c.Constant(c.Inputs.Count - 1).IntValues() is [var a] ? a : throw c.Invalid("needs one axis")) : (int)c.Attr.Int("axis", 0);
        var axis = AxisList.Normalize(c, [axisValue], rank)[0];
        foreach (var p in parts)
            if (p.Dims.Length != first.Length || p.Dims.Where((d, i) => (!concat || i != axis) && d != first[i]).Any())
                throw c.Invalid($"joins {string.Join(" and ", parts.Select(q => Shape.Format(q.Dims)))}, which do not fit along axis {axis}");

        var dims = first.ToList();
        if (concat) dims[axis] = parts.Any(p => p.Dims[axis] < 0) ? -1 : parts.Sum(p => p.Dims[axis]);
        else dims.Insert(axis, parts.Count);
        if (parts.All(p => p.IsConstant)) return [JoinConstants(parts, axis, [.. dims])];

        var tensors = parts.Select((p, i) => c.Materialize(p, $"{c.Node.Name}/input{i}")).ToList();
        var type = tensors.First(t => t.Data is null).Type;
        return concat
            ? [c.Emit(BuiltinOperator.Concatenation, tensors, [.. dims], new ConcatenationOptions { Axis = axis }, type)]
            : [c.Emit(BuiltinOperator.Pack, tensors, [.. dims], new PackOptions { Axis = axis, ValuesCount = parts.Count }, type)];
    }

    // Both joins interleave blocks: the inputs' elements before the axis are outer, the rest inner.
    private static TfValue JoinConstants(List<TfValue> parts, int axis, int[] dims)
    {
        var outer = (int)Shape.ElementCount(dims.AsSpan(0, axis));
        var blocks = parts.Select(p => (int)(Shape.ElementCount(p.Dims) / Math.Max(outer, 1))).ToList();
        var floats = parts.Any(p => p.Floats is not null);
        var f = new List<float>();
        var l = new List<long>();
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < parts.Count; i++)
            {
                if (floats) f.AddRange(parts[i].FloatValues().Skip(o * blocks[i]).Take(blocks[i]));
                else l.AddRange(parts[i].Integers!.Skip(o * blocks[i]).Take(blocks[i]));
            }
        return floats ? TfValue.Constant([.. f], dims) : TfValue.Constant([.. l], dims);
    }
}
