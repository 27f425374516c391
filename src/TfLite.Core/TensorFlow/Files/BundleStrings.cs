using System.Buffers.Binary;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>
/// Decodes a string tensor as a tensor bundle stores it: the elements' lengths as varints, a masked CRC-32C of those
/// lengths (each taken as a little-endian uint32, or uint64 when it does not fit), then the elements' bytes. The
/// entry's own checksum covers the lengths (taken the same way), the length checksum and the bytes.
/// </summary>
public static class BundleStrings
{
    /// <summary>The <paramref name="count"/> elements held in <paramref name="data"/>.</summary>
    /// <exception cref="ModelFormatException">The data is too short, too long, or fails a checksum.</exception>
    public static IReadOnlyList<byte[]> Decode(ReadOnlySpan<byte> data, long count, uint maskedCrc, string where)
    {
        // Every element needs at least one length byte, so a count beyond the data is refused before allocating.
        if (count < 0 || count > data.Length)
            throw Damaged(where, $"declares {count} strings in {data.Length} bytes");
        var lengths = new ulong[count];
        var pos = 0;
        uint crc = 0;
        for (var i = 0; i < count; i++)
        {
            if (!Varint.TryRead(data, ref pos, out lengths[i])) throw Damaged(where, "ends inside a string length");
            crc = lengths[i] <= uint.MaxValue ? ExtendUInt32(crc, (uint)lengths[i]) : ExtendUInt64(crc, lengths[i]);
        }
        if (pos + 4 > data.Length) throw Damaged(where, "ends before its length checksum");
        var lengthChecksum = BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
        if (Crc32C.Mask(crc) != lengthChecksum) throw Damaged(where, "fails its length checksum");
        crc = Crc32C.Extend(crc, data.Slice(pos, 4));
        pos += 4;

        var elements = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (lengths[i] > (ulong)(data.Length - pos)) throw Damaged(where, $"declares a string of {lengths[i]} bytes past its end");
            elements[i] = data.Slice(pos, (int)lengths[i]).ToArray();
            crc = Crc32C.Extend(crc, elements[i]);
            pos += (int)lengths[i];
        }
        if (pos != data.Length) throw Damaged(where, $"holds {data.Length - pos} bytes after its strings");
        if (Crc32C.Mask(crc) != maskedCrc) throw Damaged(where, "fails its checksum");
        return elements;
    }

    private static uint ExtendUInt32(uint crc, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Crc32C.Extend(crc, bytes);
    }

    private static uint ExtendUInt64(uint crc, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Crc32C.Extend(crc, bytes);
    }

    private static ModelFormatException Damaged(string where, string detail) =>
        new(TfErrorIds.CheckpointMalformed, $"The string value of {where} {detail}.", where);
}
