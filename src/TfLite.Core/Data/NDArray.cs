using System.Numerics.Tensors;
using TfLite.Core.Graph;

namespace TfLite.Core.Data;

/// <summary>
/// An n-dimensional array in row-major (C) order: a shape and a flat, typed .NET array (<c>float[]</c>,
/// <c>sbyte[]</c>, <c>Half[]</c>, <c>bool[]</c>...). It is what <see cref="NpyReader"/> returns and what model
/// inputs and outputs are exchanged as.
/// </summary>
public sealed class NDArray
{
    private readonly int[] _shape;

    /// <summary>Wraps a flat array (not copied) with a shape whose element count equals its length.</summary>
    /// <param name="data">A one-dimensional array of float, double, Half, sbyte, byte, short, ushort, int, uint,
    /// long, ulong or bool.</param>
    /// <param name="shape">The dimensions; empty for a scalar (one element).</param>
    /// <exception cref="ArgumentException">Another element type, a negative dimension, or a length that does not
    /// match the shape.</exception>
    public NDArray(Array data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Rank != 1) throw new ArgumentException("The data must be a one-dimensional array.", nameof(data));
        ElementType = TypeOfElements(data.GetType().GetElementType()!)
            ?? throw new ArgumentException($"Arrays of {data.GetType().GetElementType()!.Name} are not supported.", nameof(data));
        if (shape.Any(d => d < 0)) throw new ArgumentException($"Shape {Graph.Shape.Format(shape)} has a negative dimension.", nameof(shape));
        long count = CountOf(shape);
        if (count != data.LongLength)
            throw new ArgumentException($"Shape {Graph.Shape.Format(shape)} holds {count} elements; the data has {data.LongLength}.", nameof(data));
        _shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>The element type, as the TFLite tensor type of the same width and kind.</summary>
    public TensorType ElementType { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public long Length => Data.LongLength;

    /// <summary>The elements, flat in row-major order (shared, not copied).</summary>
    public Array Data { get; }

    /// <summary>A copy of the shape.</summary>
    public int[] GetShape() => (int[])_shape.Clone();

    /// <summary>The elements as float32 (integers and bools converted by value, float64 rounded to nearest).</summary>
    public float[] ToSingleArray()
    {
        switch (Data)
        {
            case float[] f: return (float[])f.Clone();
            case Half[] h:
                var fromHalf = new float[h.Length];
                TensorPrimitives.ConvertToSingle(h, fromHalf);
                return fromHalf;
            case bool[] b: return Array.ConvertAll(b, v => v ? 1f : 0f);
        }
        var result = new float[Data.Length];
        for (int i = 0; i < result.Length; i++) result[i] = Convert.ToSingle(Data.GetValue(i));
        return result;
    }

    /// <summary>The same elements (shared) with another shape of the same element count.</summary>
    public NDArray Reshape(params int[] shape) => new(Data, shape);

    /// <summary>A copy of <paramref name="count"/> items along the first axis starting at <paramref name="start"/>
    /// (e.g. a batch of samples).</summary>
    public NDArray SliceFirstAxis(int start, int count)
    {
        if (Rank == 0) throw new InvalidOperationException("A scalar has no first axis.");
        if (start < 0 || count < 0 || start > _shape[0] - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Items {start}..{start + count - 1} are outside the first axis of length {_shape[0]}.");
        long perItem = CountOf(_shape.AsSpan(1));
        var data = Array.CreateInstance(Data.GetType().GetElementType()!, count * perItem);
        Array.Copy(Data, start * perItem, data, 0, count * perItem);
        var shape = GetShape();
        shape[0] = count;
        return new NDArray(data, shape);
    }

    /// <summary>Element type and shape, e.g. <c>Float32 [500,28,28]</c>.</summary>
    public override string ToString() => $"{ElementType} {Graph.Shape.Format(_shape)}";

    /// <summary>The CLR element type that holds values of a tensor type, or null when none does.</summary>
    public static Type? ClrTypeOf(TensorType type) => type switch
    {
        TensorType.Float32 => typeof(float),
        TensorType.Float16 => typeof(Half),
        TensorType.Float64 => typeof(double),
        TensorType.Int8 => typeof(sbyte),
        TensorType.UInt8 => typeof(byte),
        TensorType.Int16 => typeof(short),
        TensorType.UInt16 => typeof(ushort),
        TensorType.Int32 => typeof(int),
        TensorType.UInt32 => typeof(uint),
        TensorType.Int64 => typeof(long),
        TensorType.UInt64 => typeof(ulong),
        TensorType.Bool => typeof(bool),
        _ => null,
    };

    /// <summary>The tensor type of a CLR element type, or null for types an <see cref="NDArray"/> cannot hold.</summary>
    public static TensorType? TypeOfElements(Type clrType) =>
        Enum.GetValues<TensorType>().Cast<TensorType?>().FirstOrDefault(t => ClrTypeOf(t!.Value) == clrType);

    /// <summary>Element count of a shape, saturating at <see cref="long.MaxValue"/> instead of overflowing.</summary>
    internal static long CountOf(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d == 0) return 0;
            n = n > long.MaxValue / d ? long.MaxValue : n * d;
        }
        return n;
    }
}
