using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Axes given as a constant input or attribute, negative ones counted from the end.</summary>
public static class AxisList
{
    /// <summary>Non-negative, sorted, distinct axes of a rank-<paramref name="rank"/> tensor.</summary>
    public static int[] Normalize(TfNodeContext c, IEnumerable<int> axes, int rank)
    {
        var result = new SortedSet<int>();
        foreach (var axis in axes)
        {
            var a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) throw c.Invalid($"has axis {axis} for a tensor of rank {rank}");
            result.Add(a);
        }
        return [.. result];
    }
}
