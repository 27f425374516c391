using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Conversion-time arithmetic on constants, with NumPy broadcasting, for the values TensorFlow computes
/// from weights and shapes (batch-norm factors, resize sizes).</summary>
public static class ConstantMath
{
    /// <summary>The broadcast of two shapes (-1 where either is unknown), or null when they do not broadcast.</summary>
    public static int[]? BroadcastDims(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da == db || db == 1) dims[i] = da;
            else if (da == 1) dims[i] = db;
            else if (da < 0 || db < 0) dims[i] = -1;
            else return null;
        }
        return dims;
    }

    /// <summary>Elementwise <paramref name="op"/> of two constants; integers stay integers when both are.</summary>
    public static TfValue Binary(TfValue a, TfValue b, int[] dims, Func<double, double, double> op)
    {
        var count = (int)Graph.Shape.ElementCount(dims);
        var result = new double[count];
        var av = Doubles(a);
        var bv = Doubles(b);
        for (var i = 0; i < count; i++)
            result[i] = op(av[SourceIndex(i, dims, a.Dims)], bv[SourceIndex(i, dims, b.Dims)]);
        return a.Integers is not null && b.Integers is not null
            ? TfValue.Constant([.. result.Select(v => (long)v)], dims)
            : TfValue.Constant([.. result.Select(v => (float)v)], dims);
    }

    /// <summary>Elementwise <paramref name="op"/> of a float constant.</summary>
    public static TfValue Unary(TfValue a, Func<double, double> op) =>
        TfValue.Constant([.. Doubles(a).Select(v => (float)op(v))], a.Dims);

    private static double[] Doubles(TfValue v) => v.Floats?.Select(f => (double)f).ToArray() ?? [.. v.Integers!.Select(i => (double)i)];

    // The index in a broadcast operand of the output element at flat index i.
    private static int SourceIndex(int i, int[] dims, int[] source)
    {
        int index = 0, stride = 1;
        for (int d = dims.Length - 1, s = source.Length - 1; s >= 0; d--, s--)
        {
            var coordinate = i / Stride(dims, d) % dims[d];
            index += (source[s] == 1 ? 0 : coordinate) * stride;
            stride *= source[s];
        }
        return index;
    }

    private static int Stride(int[] dims, int axis)
    {
        var stride = 1;
        for (var d = axis + 1; d < dims.Length; d++) stride *= dims[d];
        return stride;
    }
}
