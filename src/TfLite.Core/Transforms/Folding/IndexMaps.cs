namespace TfLite.Core.Transforms.Folding;

/// <summary>Flat-index arithmetic over row-major shapes: broadcasting and permutations.</summary>
internal static class IndexMaps
{
    /// <summary>The most elements a folded constant may have; larger results stay operators computed at run time.</summary>
    public const long MaxFoldedElements = 1 << 24;

    /// <summary>The exact number of elements of a shape (0 when a dimension is 0), or null for a negative dimension
    /// or a count beyond any real tensor.</summary>
    public static long? Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) return null;
            n *= d;
            if (n > 1L << 40) return null;
        }
        return n;
    }

    /// <summary>The broadcast shape of two shapes (NumPy rules), or null when they do not broadcast.</summary>
    public static int[]? BroadcastShape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1) return null;
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>For each element of <paramref name="outShape"/>, the flat index of the element of an input of
    /// <paramref name="inShape"/> that broadcasts to it.</summary>
    public static int[] BroadcastSources(int[] inShape, int[] outShape)
    {
        var offset = outShape.Length - inShape.Length;
        var strides = new int[outShape.Length];
        for (int i = inShape.Length - 1, stride = 1; i >= 0; i--)
        {
            strides[i + offset] = inShape[i] == 1 ? 0 : stride;
            stride *= inShape[i];
        }
        return Walk(outShape, strides);
    }

    /// <summary>For each element of the transposed shape, the flat index of its source element in the input;
    /// output dimension i is input dimension <paramref name="perm"/>[i].</summary>
    public static int[] PermutationSources(int[] inShape, int[] perm)
    {
        var inStrides = new int[inShape.Length];
        for (int i = inShape.Length - 1, stride = 1; i >= 0; i--)
        {
            inStrides[i] = stride;
            stride *= inShape[i];
        }
        return Walk(perm.Select(p => inShape[p]).ToArray(), perm.Select(p => inStrides[p]).ToArray());
    }

    private static int[] Walk(int[] shape, int[] strides)
    {
        var count = 1;
        foreach (var d in shape) count *= d;
        var sources = new int[count];
        var index = new int[shape.Length];
        var source = 0;
        for (var n = 0; n < count; n++)
        {
            sources[n] = source;
            for (var axis = shape.Length - 1; axis >= 0; axis--)
            {
                source += strides[axis];
                if (++index[axis] < shape[axis]) break;
                source -= strides[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return sources;
    }
}
