namespace TfLite.Core.Graph;

/// <summary>Helpers over shapes stored as <c>int[]</c> (row-major, NHWC for images).</summary>
public static class Shape
{
    /// <summary>Product of the dimensions (1 for a scalar); dynamic (-1) dimensions count as 1.</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= Math.Max(d, 1);
        return n;
    }

    /// <summary>Formats a shape the way TFLite tools print it, e.g. <c>[1,28,28,1]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    /// <summary>Element-wise equality of two shapes.</summary>
    public static bool AreEqual(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
