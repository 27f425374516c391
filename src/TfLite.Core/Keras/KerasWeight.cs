using TfLite.Core.Graph;

namespace TfLite.Core.Keras;

/// <summary>One weight array of a Keras layer, in the order Keras lists the layer's weights.</summary>
/// <param name="Name">Short name (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...) without scope or <c>:0</c>; null where
/// the file does not name it (Keras 3 <c>.keras</c> archives store <c>vars/0</c>, <c>vars/1</c>, ...).</param>
/// <param name="Shape">Keras shape of the array.</param>
/// <param name="Values">Values as float32, row-major.</param>
public sealed record KerasWeight(string? Name, int[] Shape, float[] Values)
{
    private float[]? _values = Values;
    private readonly ReadWeightValues? _read;

    /// <summary>A weight whose values stay in the file until they are asked for: a converter that reorders them can
    /// read them a block of rows at a time (<see cref="CopyRowsTo"/>) rather than into an array of their own.</summary>
    /// <param name="name">Short name, or null.</param>
    /// <param name="shape">Keras shape; the reader fills exactly as many values as it holds.</param>
    /// <param name="read">Reads rows of the values (while the file is open).</param>
    internal KerasWeight(string? name, int[] shape, ReadWeightValues read) : this(name, shape, Values: null!) => _read = read;

    /// <summary>Values as float32, row-major (read from the file on first use when the weight was opened deferred).</summary>
    public float[] Values
    {
        get => _values ??= ReadAll();
        init => _values = value;
    }

    /// <summary>How many values the weight holds, without reading them.</summary>
    internal long Count => _values?.Length ?? Graph.Shape.ElementCount(Shape);

    /// <summary>How many values one index of the first dimension holds (all of them for a scalar).</summary>
    internal long RowLength => Shape.Length == 0 ? Count : Shape[0] == 0 ? 0 : Count / Shape[0];

    /// <summary>Copies whole rows (indices of the first dimension) from <paramref name="firstRow"/> on into
    /// <paramref name="destination"/>, whose length is a multiple of <see cref="RowLength"/>; straight from the file
    /// when the values have not been read yet.</summary>
    internal void CopyRowsTo(int firstRow, Span<float> destination)
    {
        if (_values is { } values) values.AsSpan(checked((int)(firstRow * RowLength)), destination.Length).CopyTo(destination);
        else _read!(firstRow, destination);
    }

    private float[] ReadAll()
    {
        var values = new float[Count];
        _read!(0, values);
        return values;
    }
}
