namespace TfLite.Core.TensorFlow.Files;

/// <summary>Base-128 varints as LevelDB tables and tensor bundles write them (seven bits a byte, low bits first).</summary>
internal static class Varint
{
    /// <summary>Reads one varint at <paramref name="pos"/>; false when the data ends inside it or it runs past 64 bits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) return false;
            var b = data[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }
}
