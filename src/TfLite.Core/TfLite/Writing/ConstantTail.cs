using System.Buffers.Binary;

namespace TfLite.Core.Serialization.Writing;

/// <summary>
/// The buffers' data vectors, laid out as the end of the file but kept out of the flatbuffer builder: the builder
/// writes the tables in front of them, pointing into this tail with offsets measured from its own end, and the file is
/// the builder's bytes followed by the tail's, taken from the tensors' own arrays. A model's weights are thus never
/// copied into a builder buffer of their size, which would be allocated, touched and copied once more on every write.
/// </summary>
/// <remarks>
/// A FlatBufferBuilder measures offsets from the end of its buffer. The tail sits after that end, so an object in the
/// tail at <c>d</c> bytes from the end of the file has the builder offset <c>d - Size</c>: zero or less, which the
/// builder turns into the same forward distance as any other child object. <see cref="Size"/> is a multiple of
/// <see cref="Alignment"/> and the builder's own size is made one too, so alignment measured from either end agrees.
/// Each vector's data starts on an <see cref="Alignment"/>-byte boundary, as the schema asks (force_align: 16).
/// </remarks>
internal sealed class ConstantTail
{
    /// <summary>The alignment of every vector's data, and of the tail.</summary>
    public const int Alignment = 16;

    private const int LengthPrefix = sizeof(uint);

    private readonly List<byte[]> _data = [];
    // Distance from the end of the file to the first byte of each vector's data.
    private readonly List<long> _dataDistance = [];
    // Distance from the end of the file to the front of the vectors placed so far.
    private long _used;

    /// <summary>Bytes the tail takes at the end of the file; final once every vector is added.</summary>
    public long Size => _data.Count == 0 ? 0 : RoundUp(_used + 1);

    /// <summary>The number of vectors added.</summary>
    public int Count => _data.Count;

    /// <summary>Adds a vector, placed in front of those added before it; its offset is known once all are added.</summary>
    /// <returns>The vector's index for <see cref="BuilderOffset"/>.</returns>
    public int Add(byte[] data)
    {
        var distance = RoundUp(_used + data.Length);
        _data.Add(data);
        _dataDistance.Add(distance);
        _used = distance + LengthPrefix;
        return _data.Count - 1;
    }

    /// <summary>The builder offset of vector <paramref name="index"/>: where its length prefix is, measured from the end of
    /// the builder's buffer, which the tail follows. Always negative, since <see cref="Size"/> leaves at least one
    /// byte of padding in front of the first vector (an offset of 0 would read as a missing field).</summary>
    public int BuilderOffset(int index) => checked((int)(_dataDistance[index] + LengthPrefix - Size));

    /// <summary>Writes the tail: padding, then each vector (length, data, padding) from the last added to the first.</summary>
    public void WriteTo(Stream stream)
    {
        Span<byte> zeros = stackalloc byte[Alignment];
        Span<byte> length = stackalloc byte[LengthPrefix];
        var position = Size;
        for (var i = _data.Count - 1; i >= -1; i--)
        {
            // The gap between where the previous piece ended and where this vector's length prefix starts.
            var next = i >= 0 ? _dataDistance[i] + LengthPrefix : 0;
            for (var gap = position - next; gap > 0; gap -= Alignment)
                stream.Write(zeros[..(int)Math.Min(gap, Alignment)]);
            if (i < 0) break;
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)_data[i].Length);
            stream.Write(length);
            stream.Write(_data[i]);
            position = _dataDistance[i] - _data[i].Length;
        }
    }

    private static long RoundUp(long value) => (value + Alignment - 1) / Alignment * Alignment;
}
