namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// Extents of a 4-D tensor in TFLite's layouts (NHWC activations, OHWI filters, 1HWO depthwise filters), with
/// row-major offsets as TFLite's <c>Offset(shape, i0, i1, i2, i3)</c>.
/// </summary>
/// <param name="D0">Outermost extent (batches, or output channels of a filter).</param>
/// <param name="D1">Height.</param>
/// <param name="D2">Width.</param>
/// <param name="D3">Innermost extent (channels).</param>
public readonly record struct Dims4(int D0, int D1, int D2, int D3)
{
    /// <summary>Number of elements.</summary>
    public int FlatSize => D0 * D1 * D2 * D3;

    /// <summary>Row-major offset of an element.</summary>
    public int Offset(int i0, int i1, int i2, int i3) => ((i0 * D1 + i1) * D2 + i2) * D3 + i3;

    /// <summary>A shape of rank 4 or less, padded with leading ones (TFLite's <c>ExtendedShape(4, ...)</c>).</summary>
    /// <exception cref="ArgumentException">The shape has more than four dimensions.</exception>
    public static Dims4 From(ReadOnlySpan<int> shape)
    {
        if (shape.Length > 4) throw new ArgumentException($"A 4-D shape was expected, got rank {shape.Length}.", nameof(shape));
        Span<int> d = [1, 1, 1, 1];
        shape.CopyTo(d[(4 - shape.Length)..]);
        return new Dims4(d[0], d[1], d[2], d[3]);
    }
}
