namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// Walks an output shape in row-major order and keeps the flat offsets of the matching elements of two inputs that
/// broadcast against it (shapes aligned on the right, each extent equal to the output's or 1).
/// </summary>
internal sealed class BroadcastCursor
{
    private readonly int[] _extents;
    private readonly int[] _strides1;
    private readonly int[] _strides2;
    private readonly int[] _index;

    public BroadcastCursor(ReadOnlySpan<int> shape1, ReadOnlySpan<int> shape2, ReadOnlySpan<int> outputShape)
    {
        int rank = outputShape.Length;
        _extents = outputShape.ToArray();
        _strides1 = Strides(shape1, outputShape);
        _strides2 = Strides(shape2, outputShape);
        _index = new int[rank];
    }

    /// <summary>Offset into the first input of the current output element.</summary>
    public int Offset1 { get; private set; }

    /// <summary>Offset into the second input of the current output element.</summary>
    public int Offset2 { get; private set; }

    /// <summary>Moves to the next output element.</summary>
    public void MoveNext()
    {
        for (int d = _extents.Length - 1; d >= 0; d--)
        {
            _index[d]++;
            Offset1 += _strides1[d];
            Offset2 += _strides2[d];
            if (_index[d] < _extents[d]) return;
            Offset1 -= _strides1[d] * _extents[d];
            Offset2 -= _strides2[d] * _extents[d];
            _index[d] = 0;
        }
    }

    /// <summary>True when two shapes are the same, so a flat walk needs no cursor.</summary>
    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Element count of a shape.</summary>
    public static int FlatSize(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }

    // Element strides of an input in the output's dimension order, 0 along broadcast dimensions.
    private static int[] Strides(ReadOnlySpan<int> shape, ReadOnlySpan<int> outputShape)
    {
        int rank = outputShape.Length;
        if (shape.Length > rank)
            throw new ArgumentException($"An input of rank {shape.Length} cannot broadcast to rank {rank}.");
        var strides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int inputDim = d - (rank - shape.Length);
            int extent = inputDim >= 0 ? shape[inputDim] : 1;
            if (extent != 1 && extent != outputShape[d])
                throw new ArgumentException($"Extent {extent} does not broadcast to {outputShape[d]} in dimension {d}.");
            strides[d] = extent == 1 ? 0 : stride;
            stride *= extent;
        }
        return strides;
    }
}
