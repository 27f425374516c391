using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>STRIDED_SLICE: inputs (input, begin, end, strides) with begin/end/ellipsis/new-axis/shrink masks and
/// the offset option, following TensorFlow's dense-spec rules.</summary>
internal sealed class StridedSliceKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var o = node.GetOptions<StridedSliceOptions>();
        var input = node.Input(0);
        var shape = input.Shape;
        int rank = shape.Length;
        var begin = Constant(node, 1);
        var end = Constant(node, 2);
        var strides = Constant(node, 3);
        int sparse = begin.Length;
        KernelSupport.Require(node, end.Length == sparse && strides.Length == sparse, "begin, end and strides must have the same length");

        // Expand the sparse spec (with ellipsis and new axes) to one entry per input dimension.
        var dBegin = new int[rank]; var dEnd = new int[rank]; var dStride = new int[rank];
        var dBeginMask = new bool[rank]; var dEndMask = new bool[rank]; var dShrink = new bool[rank];
        var outputPlan = new List<int>(); // input dim index, -1 for a new axis, -2 - d for a shrunk dim d
        bool hasEllipsis = Enumerable.Range(0, sparse).Any(i => Bit(o.EllipsisMask, i));
        int newAxesAfterEllipsis = 0;
        if (hasEllipsis)
        {
            int e = Enumerable.Range(0, sparse).First(i => Bit(o.EllipsisMask, i));
            newAxesAfterEllipsis = Enumerable.Range(e + 1, sparse - e - 1).Count(i => Bit(o.NewAxisMask, i));
        }
        int full = 0;
        for (int i = 0; i < sparse && full <= rank; i++)
        {
            if (Bit(o.EllipsisMask, i))
            {
                int next = Math.Min(rank - (sparse - i) + 1 + newAxesAfterEllipsis, rank);
                for (; full < next; full++)
                {
                    dBegin[full] = 0; dEnd[full] = 0; dStride[full] = 1; dBeginMask[full] = dEndMask[full] = true;
                    outputPlan.Add(full);
                }
            }
            else if (Bit(o.NewAxisMask, i)) outputPlan.Add(-1);
            else
            {
                KernelSupport.Require(node, full < rank, "the slice has more dimensions than the input");
                dBegin[full] = begin[i];
                dEnd[full] = o.Offset ? begin[i] + end[i] : end[i];
                dStride[full] = strides[i];
                dBeginMask[full] = Bit(o.BeginMask, i);
                dEndMask[full] = Bit(o.EndMask, i);
                dShrink[full] = Bit(o.ShrinkAxisMask, i);
                outputPlan.Add(dShrink[full] ? -2 - full : full);
                full++;
            }
        }
        for (; full < rank; full++) // implicit ellipsis at the end
        {
            dBegin[full] = 0; dStride[full] = 1; dBeginMask[full] = dEndMask[full] = true;
            outputPlan.Add(full);
        }

        var start = new int[rank];
        var size = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int n = shape[d], s = dStride[d];
            KernelSupport.Require(node, s != 0, "strides must not be 0");
            if (dShrink[d])
            {
                int b = dBegin[d] < 0 ? dBegin[d] + n : dBegin[d];
                KernelSupport.Require(node, b >= 0 && b < n, $"shrunk index {dBegin[d]} is out of range for dimension {d} of size {n}");
                start[d] = b; size[d] = 1; dStride[d] = 1;
                continue;
            }
            int lo = s > 0 ? 0 : -1, hi = s > 0 ? n : n - 1;
            int Canonical(int v, bool masked, bool isBegin)
            {
                if (masked) return isBegin ? (s > 0 ? lo : hi) : (s > 0 ? hi : lo);
                int x = v < 0 ? v + n : v;
                return Math.Clamp(x, lo, hi);
            }
            int bb = Canonical(dBegin[d], dBeginMask[d], true), ee = Canonical(dEnd[d], dEndMask[d], false);
            start[d] = bb;
            size[d] = s > 0 ? Math.Max(0, (ee - bb + s - 1) / s) : Math.Max(0, (bb - ee + (-s) - 1) / (-s));
        }
        var map = IndexMaps.StridedSlice(shape, start, dStride, size);
        var outShape = outputPlan.Where(p => p > -2).Select(p => p == -1 ? 1 : size[p]).ToArray();
        return (map, outShape);
    }

    private static bool Bit(int mask, int i) => (mask & (1 << i)) != 0;
}
