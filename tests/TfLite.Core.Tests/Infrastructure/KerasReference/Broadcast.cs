namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>Element-wise binary operations with NumPy broadcasting.</summary>
internal static class Broadcast
{
    /// <summary>Combines two tensors element by element after aligning their shapes from the right.</summary>
    public static RefTensor Apply(RefTensor a, RefTensor b, Func<double, double, double> f)
    {
        var rank = Math.Max(a.Rank, b.Rank);
        var sa = Align(a.Shape, rank);
        var sb = Align(b.Shape, rank);
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            if (sa[i] != sb[i] && sa[i] != 1 && sb[i] != 1)
                throw new ArgumentException($"Shapes [{string.Join(",", a.Shape)}] and [{string.Join(",", b.Shape)}] do not broadcast.");
            shape[i] = Math.Max(sa[i], sb[i]);
        }
        var stA = BroadcastStrides(sa);
        var stB = BroadcastStrides(sb);
        var result = new RefTensor(shape);
        var idx = new int[rank];
        for (var n = 0; n < result.Length; n++)
        {
            int ia = 0, ib = 0;
            for (var d = 0; d < rank; d++)
            {
                ia += idx[d] * stA[d];
                ib += idx[d] * stB[d];
            }
            result.Data[n] = f(a.Data[ia], b.Data[ib]);
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return result;
    }

    private static int[] Align(int[] shape, int rank)
    {
        var r = Enumerable.Repeat(1, rank).ToArray();
        Array.Copy(shape, 0, r, rank - shape.Length, shape.Length);
        return r;
    }

    private static int[] BroadcastStrides(int[] shape)
    {
        var s = new int[shape.Length];
        var acc = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = shape[i] == 1 ? 0 : acc;
            acc *= shape[i];
        }
        return s;
    }
}
