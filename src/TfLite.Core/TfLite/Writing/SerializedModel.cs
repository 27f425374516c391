namespace TfLite.Core.Serialization.Writing;

/// <summary>A written model: the flatbuffer's tables as the builder left them, followed by the constants' tail.</summary>
internal sealed class SerializedModel(ArraySegment<byte> tables, ConstantTail tail)
{
    /// <summary>The file's length in bytes.</summary>
    public long Length => tables.Count + tail.Size;

    /// <summary>Writes the whole file to a stream.</summary>
    public void WriteTo(Stream stream)
    {
        stream.Write(tables);
        tail.WriteTo(stream);
    }

    /// <summary>The whole file as one array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        using var stream = new MemoryStream(bytes);
        WriteTo(stream);
        return bytes;
    }
}
