namespace TfLite.Core.Interpreter.Reference;

/// <summary>Shape arithmetic shared by kernels: flat sizes, strides, broadcasting, padding, axis handling.</summary>
internal static class ShapeMath
{
    public static int FlatSize(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    /// <summary>Product of dims [start, end).</summary>
    public static int Product(ReadOnlySpan<int> shape, int start, int end)
    {
        int n = 1;
        for (int i = start; i < end; i++) n *= shape[i];
        return n;
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        int n = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = n;
            n *= shape[i];
        }
        return s;
    }

    /// <summary>The broadcast shape of two shapes (numpy rules), or null when they do not broadcast.</summary>
    public static int[]? Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da == db || db == 1) r[i] = da;
            else if (da == 1) r[i] = db;
            else return null;
        }
        return r;
    }

    /// <summary>Left-pads a shape with ones to <paramref name="rank"/>.</summary>
    public static int[] Extend(ReadOnlySpan<int> shape, int rank)
    {
        var r = new int[rank];
        int pad = rank - shape.Length;
        for (int i = 0; i < rank; i++) r[i] = i < pad ? 1 : shape[i - pad];
        return r;
    }

    /// <summary>A negative axis counted from the end, checked against the rank.</summary>
    public static int Axis(int axis, int rank, OpNode node)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw node.Error("InvalidAxis", $"{node.Describe()}: axis {axis} is out of range for rank {rank}.");
        return a;
    }

    /// <summary>TFLite's output size of a windowed op for SAME/VALID padding.</summary>
    public static int WindowOutputSize(Graph.Padding padding, int input, int filter, int stride, int dilation)
    {
        int effective = (filter - 1) * dilation + 1;
        return padding == Graph.Padding.Same ? (input + stride - 1) / stride : (input + stride - effective) / stride;
    }

    /// <summary>TFLite's leading padding of a windowed op (the odd extra goes to the end).</summary>
    public static int WindowPadding(int input, int filter, int stride, int dilation, int output)
    {
        int effective = (filter - 1) * dilation + 1;
        int total = (output - 1) * stride + effective - input;
        return Math.Max(total / 2, 0);
    }
}
