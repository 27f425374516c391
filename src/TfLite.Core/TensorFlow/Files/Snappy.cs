namespace TfLite.Core.TensorFlow.Files;

/// <summary>Decompresses Snappy's raw block format (a varint length, then literals and back-references), which
/// TensorFlow may use for the blocks of a checkpoint's index.</summary>
public static class Snappy
{
    /// <summary>Decompresses <paramref name="input"/>, refusing anything larger than <paramref name="maxLength"/>.</summary>
    /// <exception cref="InvalidDataException">The data is not valid Snappy or declares more than the limit.</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> input, int maxLength)
    {
        var pos = 0;
        var length = ReadVarint(input, ref pos);
        if (length > (ulong)maxLength) throw new InvalidDataException($"Snappy block declares {length} bytes, more than {maxLength}.");
        var output = new byte[(int)length];
        var o = 0;
        while (pos < input.Length)
        {
            var tag = input[pos++];
            int len, offset;
            switch (tag & 3)
            {
                case 0:
                    len = (tag >> 2) + 1;
                    if (len > 60)
                    {
                        var bytes = len - 60;
                        len = 0;
                        for (var b = 0; b < bytes; b++) len |= Byte(input, pos++) << (8 * b);
                        len++;
                    }
                    if (len <= 0 || pos + len > input.Length || o + len > output.Length) throw Corrupt();
                    input.Slice(pos, len).CopyTo(output.AsSpan(o));
                    pos += len;
                    o += len;
                    continue;
                case 1:
                    len = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | Byte(input, pos++);
                    break;
                case 2:
                    len = (tag >> 2) + 1;
                    offset = Byte(input, pos) | Byte(input, pos + 1) << 8;
                    pos += 2;
                    break;
                default:
                    len = (tag >> 2) + 1;
                    offset = Byte(input, pos) | Byte(input, pos + 1) << 8 | Byte(input, pos + 2) << 16 | Byte(input, pos + 3) << 24;
                    pos += 4;
                    break;
            }
            if (offset <= 0 || offset > o || o + len > output.Length) throw Corrupt();
            // Copies may overlap their own output (a run), so byte by byte.
            for (var k = 0; k < len; k++, o++) output[o] = output[o - offset];
        }
        return o == output.Length ? output : throw Corrupt();
    }

    private static int Byte(ReadOnlySpan<byte> input, int pos) => pos < input.Length ? input[pos] : throw Corrupt();

    private static ulong ReadVarint(ReadOnlySpan<byte> input, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = (ulong)Byte(input, pos++);
            value |= (b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw Corrupt();
    }

    private static InvalidDataException Corrupt() => new("Snappy data is corrupt.");
}
