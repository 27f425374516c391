using System.Buffers.Binary;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>
/// Reads a LevelDB-format table, as TensorFlow writes a checkpoint's <c>.index</c>: a footer (metaindex and index
/// block handles, magic number), an index block pointing at data blocks, and blocks of prefix-compressed key/value
/// entries, each followed by a compression byte and a masked CRC-32C that are checked.
/// </summary>
public static class SsTable
{
    private const ulong Magic = 0xdb4775248b80fb57;
    private const int FooterLength = 48;
    private const int TrailerLength = 5;
    private const int MaxBlockLength = 256 << 20;

    /// <summary>Every key/value entry of the table at <paramref name="path"/>, in key order.</summary>
    /// <exception cref="ModelFormatException">The file is not a table, is truncated, or a checksum fails.</exception>
    public static List<(byte[] Key, byte[] Value)> ReadAll(byte[] file, string path)
    {
        if (file.Length < FooterLength || BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)) != Magic)
            throw Corrupt(path, "it has no table footer (not a checkpoint index, or truncated)");
        var footer = file.AsSpan(file.Length - FooterLength);
        var pos = 0;
        ReadHandle(footer, ref pos, path); // metaindex: unused
        var index = ReadHandle(footer, ref pos, path);
        var entries = new List<(byte[], byte[])>();
        foreach (var (_, handle) in ReadBlock(file, index, path))
        {
            var p = 0;
            var dataHandle = ReadHandle(handle, ref p, path);
            entries.AddRange(ReadBlock(file, dataHandle, path));
        }
        return entries;
    }

    private static (long Offset, long Size) ReadHandle(ReadOnlySpan<byte> data, ref int pos, string path) =>
        ((long)ReadVarint(data, ref pos, path), (long)ReadVarint(data, ref pos, path));

    private static List<(byte[] Key, byte[] Value)> ReadBlock(byte[] file, (long Offset, long Size) handle, string path)
    {
        if (handle.Offset < 0 || handle.Size < 0 || handle.Size > MaxBlockLength || handle.Offset + handle.Size + TrailerLength > file.Length)
            throw Corrupt(path, $"a block at {handle.Offset} of {handle.Size} bytes lies outside the file");
        var raw = file.AsSpan((int)handle.Offset, (int)handle.Size);
        var type = file[handle.Offset + handle.Size];
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)(handle.Offset + handle.Size + 1)));
        var crc = Crc32C.Extend(Crc32C.Extend(0, raw), [type]);
        if (Crc32C.Mask(crc) != stored) throw Corrupt(path, $"the block at {handle.Offset} fails its checksum");
        byte[] contents;
        try
        {
            contents = type switch
            {
                0 => raw.ToArray(),
                1 => Snappy.Decompress(raw, MaxBlockLength),
                _ => throw Corrupt(path, $"a block uses compression {type}, which is not supported"),
            };
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(path, $"the block at {handle.Offset}: {ex.Message}");
        }
        return Entries(contents, path);
    }

    private static List<(byte[] Key, byte[] Value)> Entries(byte[] block, string path)
    {
        if (block.Length < 4) throw Corrupt(path, "a block is too short");
        var restarts = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(block.Length - 4));
        var end = block.Length - 4 - 4L * restarts;
        if (end < 0) throw Corrupt(path, "a block declares more restart points than it holds");
        var entries = new List<(byte[], byte[])>();
        var key = Array.Empty<byte>();
        var pos = 0;
        var span = block.AsSpan(0, (int)end);
        while (pos < span.Length)
        {
            var shared = (int)ReadVarint(span, ref pos, path);
            var unshared = (int)ReadVarint(span, ref pos, path);
            var valueLength = (int)ReadVarint(span, ref pos, path);
            if (shared < 0 || shared > key.Length || unshared < 0 || valueLength < 0 || (long)pos + unshared + valueLength > span.Length)
                throw Corrupt(path, "a block entry runs past its block");
            var next = new byte[shared + unshared];
            key.AsSpan(0, shared).CopyTo(next);
            span.Slice(pos, unshared).CopyTo(next.AsSpan(shared));
            pos += unshared;
            entries.Add((next, span.Slice(pos, valueLength).ToArray()));
            pos += valueLength;
            key = next;
        }
        return entries;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos, string path) =>
        Varint.TryRead(data, ref pos, out var value) ? value : throw Corrupt(path, "a number runs past its block or is too long");

    private static ModelFormatException Corrupt(string path, string detail) =>
        new(TfErrorIds.CheckpointMalformed, $"Checkpoint index '{path}' is damaged: {detail}.", path);
}
