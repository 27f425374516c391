using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>StridedSlice with constant begin/end/strides -> STRIDED_SLICE, or the slice itself for a constant input
/// (the <c>shape[1:3]</c> of shape arithmetic). Masks: begin, end, shrink_axis; ellipsis and new-axis masks are not
/// converted.</summary>
public sealed class SliceOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["StridedSlice"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var x = c.Input(0);
        var (begin, end, strides) = (c.Constant(1).IntValues(), c.Constant(2).IntValues(), c.Constant(3).IntValues());
        var (beginMask, endMask, shrinkMask) = ((int)c.Attr.Int("begin_mask", 0), (int)c.Attr.Int("end_mask", 0), (int)c.Attr.Int("shrink_axis_mask", 0));
        if (c.Attr.Int("ellipsis_mask", 0) != 0 || c.Attr.Int("new_axis_mask", 0) != 0) throw c.Unsupported("ellipsis_mask or new_axis_mask");
        var rank = x.Dims.Length;
        if (begin.Length != end.Length || begin.Length != strides.Length || begin.Length > rank)
            throw c.Invalid($"slices a tensor of rank {rank} with begin/end/strides of {begin.Length}/{end.Length}/{strides.Length} entries");

        var ranges = new (int Start, int Stop, int Step)[rank];
        var dims = new List<int>();
        for (var axis = 0; axis < rank; axis++)
        {
            var size = x.Dims[axis];
            if (axis >= begin.Length) { ranges[axis] = (0, size, 1); dims.Add(size); continue; }
            var step = strides[axis] != 0 ? strides[axis] : throw c.Invalid("has a zero stride");
            var shrink = (shrinkMask >> axis & 1) != 0;
            if (size < 0)
            {
                // A dynamic batch can only be taken whole.
                if (shrink || step != 1 || (beginMask >> axis & 1) == 0 && begin[axis] != 0 || (endMask >> axis & 1) == 0)
                    throw c.Unsupported($"slices axis {axis}, whose size is unknown; give the input shape");
                ranges[axis] = (0, -1, 1);
                dims.Add(-1);
                continue;
            }
            if (shrink)
            {
                var index = begin[axis] < 0 ? begin[axis] + size : begin[axis];
                if (index < 0 || index >= size) throw c.Invalid($"takes index {begin[axis]} of axis {axis}, which has {size} elements");
                ranges[axis] = (index, index + 1, 1);
                continue;
            }
            var (start, stop) = Bounds(begin[axis], end[axis], step, size, (beginMask >> axis & 1) != 0, (endMask >> axis & 1) != 0);
            ranges[axis] = (start, stop, step);
            dims.Add(Math.Max(0, (stop - start + step + (step > 0 ? -1 : 1)) / step));
        }
        if (x.IsConstant) return [Slice(x, ranges, [.. dims])];
        var options = new StridedSliceOptions { BeginMask = beginMask, EndMask = endMask, ShrinkAxisMask = shrinkMask };
        return [c.Emit(BuiltinOperator.StridedSlice, [c.Tensor(0), c.Tensor(1), c.Tensor(2), c.Tensor(3)], [.. dims], options, x.Tensor!.Type)];
    }

    private static (int Start, int Stop) Bounds(int begin, int end, int step, int size, bool fullBegin, bool fullEnd)
    {
        int Clamp(int v, int lo, int hi) => Math.Clamp(v < 0 ? v + size : v, lo, hi);
        return step > 0
            ? (fullBegin ? 0 : Clamp(begin, 0, size), fullEnd ? size : Clamp(end, 0, size))
            : (fullBegin ? size - 1 : Clamp(begin, -1, size - 1), fullEnd ? -1 : Clamp(end, -1, size - 1));
    }

    private static TfValue Slice(TfValue x, (int Start, int Stop, int Step)[] ranges, int[] dims)
    {
        var indices = new List<int>();
        void Walk(int axis, int offset)
        {
            if (axis == ranges.Length) { indices.Add(offset); return; }
            var stride = 1;
            for (var d = axis + 1; d < x.Dims.Length; d++) stride *= x.Dims[d];
            var (start, stop, step) = ranges[axis];
            for (var i = start; step > 0 ? i < stop : i > stop; i += step) Walk(axis + 1, offset + i * stride);
        }
        Walk(0, 0);
        return x.Floats is { } f
            ? TfValue.Constant([.. indices.Select(i => f[i])], dims)
            : TfValue.Constant([.. indices.Select(i => x.Integers![i])], dims);
    }
}
