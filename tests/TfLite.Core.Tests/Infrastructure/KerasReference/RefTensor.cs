namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>A dense row-major float64 array with its shape (batch first), the value type of the reference evaluator.</summary>
public sealed class RefTensor
{
    /// <summary>Wraps data of the given shape.</summary>
    public RefTensor(int[] shape, double[] data)
    {
        if (SizeOf(shape) != data.Length)
            throw new ArgumentException($"Shape [{string.Join(",", shape)}] needs {SizeOf(shape)} values, got {data.Length}.");
        Shape = shape;
        Data = data;
    }

    /// <summary>A zero-filled tensor.</summary>
    public RefTensor(params int[] shape) : this(shape, new double[SizeOf(shape)]) { }

    /// <summary>Dimensions, batch first.</summary>
    public int[] Shape { get; }

    /// <summary>Values in row-major order.</summary>
    public double[] Data { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>Element count of a shape.</summary>
    public static int SizeOf(IReadOnlyList<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dim in [{string.Join(",", shape)}].");
            n *= d;
        }
        return checked((int)n);
    }

    /// <summary>Row-major strides of the shape.</summary>
    public int[] Strides()
    {
        var s = new int[Rank];
        var acc = 1;
        for (var i = Rank - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= Shape[i];
        }
        return s;
    }

    /// <summary>The same data seen with another shape of equal size.</summary>
    public RefTensor Reshape(params int[] shape) => new(shape, Data);

    /// <summary>A tensor of the same shape with every value mapped.</summary>
    public RefTensor Map(Func<double, double> f)
    {
        var r = new double[Length];
        for (var i = 0; i < r.Length; i++) r[i] = f(Data[i]);
        return new RefTensor((int[])Shape.Clone(), r);
    }

    /// <summary>Float32 values converted to a tensor.</summary>
    public static RefTensor FromFloats(int[] shape, IReadOnlyList<float> values)
    {
        var d = new double[values.Count];
        for (var i = 0; i < d.Length; i++) d[i] = values[i];
        return new RefTensor(shape, d);
    }

    /// <inheritdoc />
    public override string ToString() => $"RefTensor[{string.Join(",", Shape)}]";
}
