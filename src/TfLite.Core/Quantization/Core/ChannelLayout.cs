namespace TfLite.Core.Quantization;

/// <summary>
/// A tensor seen as [Outer, Channels, Inner]: the channel is dimension <c>axis</c> of the shape, everything before it
/// is <see cref="Outer"/>, everything after it <see cref="Inner"/> (a run of contiguous elements sharing one channel).
/// TFLite's per-axis quantization (<c>quantized_dimension</c>) addresses channels the same way.
/// </summary>
/// <param name="Outer">Product of the dimensions before the channel axis.</param>
/// <param name="Channels">Size of the channel axis.</param>
/// <param name="Inner">Product of the dimensions after the channel axis.</param>
public readonly record struct ChannelLayout(int Outer, int Channels, int Inner)
{
    /// <summary>Number of elements in the tensor.</summary>
    public long Length => (long)Outer * Channels * Inner;

    /// <summary>The layout of a tensor of <paramref name="shape"/> whose channel is dimension <paramref name="axis"/>
    /// (negative counts from the end).</summary>
    /// <exception cref="ArgumentException">The axis is outside the shape, or a dimension is negative.</exception>
    public static ChannelLayout Of(ReadOnlySpan<int> shape, int axis)
    {
        if (axis < 0) axis += shape.Length;
        if (axis < 0 || axis >= shape.Length)
            throw new ArgumentException($"Channel axis {axis} is outside a shape of rank {shape.Length}.", nameof(axis));
        long outer = 1, inner = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0) throw new ArgumentException($"Dimension {d} of the shape is negative.", nameof(shape));
            if (d < axis) outer *= shape[d];
            else if (d > axis) inner *= shape[d];
            if (outer > int.MaxValue || inner > int.MaxValue)
                throw new ArgumentException("The tensor has more than 2^31 elements.", nameof(shape));
        }
        return new ChannelLayout((int)outer, shape[axis], (int)inner);
    }

    internal void Require(int sourceLength, int targetLength, int scaleCount, int zeroPointCount)
    {
        if (Length != sourceLength || Length != targetLength)
            throw new ArgumentException($"Spans of {sourceLength} and {targetLength} elements do not fit a tensor of {Length}.");
        if (scaleCount != Channels || (zeroPointCount != Channels && zeroPointCount != 0))
            throw new ArgumentException($"{scaleCount} scales and {zeroPointCount} zero points for {Channels} channels.");
    }
}
