using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.Tests.TensorFlow.Infrastructure;

/// <summary>
/// Writes TensorFlow tensor bundles (<c>prefix.index</c> + <c>prefix.data-00000-of-00001</c>), as checkpoints and
/// SavedModel variables are stored, following the LevelDB table format and TensorFlow's bundle layout: the index is a
/// table mapping "" to a BundleHeaderProto and every other key to a BundleEntryProto (dtype, shape, shard, offset,
/// size, masked CRC-32C of the value's bytes); blocks of prefix-compressed entries with a restart array, each followed
/// by a compression byte and the masked CRC-32C of block and byte; an index block; a 48-byte footer ending in the
/// magic number 0xdb4775248b80fb57. Strings are stored as varint lengths, a masked CRC of the lengths, then the bytes.
/// </summary>
public sealed class TensorBundleWriter
{
    private const ulong TableMagic = 0xdb4775248b80fb57;
    private const uint MaskDelta = 0xa282ead8;
    private readonly SortedDictionary<string, (BundleEntryProto Entry, byte[] Data)> _values = new(StringComparer.Ordinal);

    /// <summary>Bytes after which a data block is closed (LevelDB's default is 4096).</summary>
    public int BlockSize { get; init; } = 4096;

    /// <summary>Entries between restart points (LevelDB's default is 16).</summary>
    public int RestartInterval { get; init; } = 16;

    /// <summary>The keys added so far.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Adds a float32 tensor.</summary>
    public TensorBundleWriter Add(string key, float[] values, params int[] shape)
    {
        var data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        _values[key] = (new BundleEntryProto { Dtype = DataType.DtFloat, Shape = TfGraphBuilder.ShapeProto(shape), Size = data.Length, Crc32C = Mask(Crc(0, data)) }, data);
        return this;
    }

    /// <summary>Leaves <paramref name="key"/> out of the bundle.</summary>
    public TensorBundleWriter Remove(string key)
    {
        _values.Remove(key);
        return this;
    }

    /// <summary>Adds a string tensor of <paramref name="values"/> (a scalar when <paramref name="shape"/> is empty).</summary>
    public TensorBundleWriter AddStrings(string key, IReadOnlyList<byte[]> values, params int[] shape)
    {
        // The entry's CRC covers the lengths as little-endian uint32, the masked length CRC, and the bytes.
        var data = new List<byte>();
        uint crc = 0;
        foreach (var value in values)
        {
            PutVarint(data, (ulong)value.Length);
            crc = Crc(crc, BitConverter.GetBytes((uint)value.Length));
        }
        var lengthCrc = BitConverter.GetBytes(Mask(crc));
        data.AddRange(lengthCrc);
        crc = Crc(crc, lengthCrc);
        foreach (var value in values)
        {
            data.AddRange(value);
            crc = Crc(crc, value);
        }
        _values[key] = (new BundleEntryProto { Dtype = DataType.DtString, Shape = TfGraphBuilder.ShapeProto(shape), Size = data.Count, Crc32C = Mask(crc) }, [.. data]);
        return this;
    }

    /// <summary>Writes <c><paramref name="prefix"/>.index</c> and the data file; <paramref name="alter"/> may change
    /// an entry after its offset, size and CRC are set (to write damaged bundles).</summary>
    public void Write(string prefix, Action<string, BundleEntryProto>? alter = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(prefix))!);
        var data = new List<byte>();
        var table = new List<(byte[] Key, byte[] Value)>
        {
            ([], new BundleHeaderProto { NumShards = 1, Version = new VersionDef { Producer = 1 } }.ToByteArray()),
        };
        foreach (var (key, (entry, bytes)) in _values)
        {
            var written = entry.Clone();
            written.Offset = data.Count;
            data.AddRange(bytes);
            alter?.Invoke(key, written);
            table.Add((Encoding.UTF8.GetBytes(key), written.ToByteArray()));
        }
        File.WriteAllBytes(prefix + ".data-00000-of-00001", [.. data]);
        File.WriteAllBytes(prefix + ".index", Table(table));
    }

    /// <summary>A LevelDB table of <paramref name="entries"/> (in key order) without compression.</summary>
    public byte[] Table(IReadOnlyList<(byte[] Key, byte[] Value)> entries)
    {
        var file = new List<byte>();
        var index = new List<(byte[] Key, byte[] Value)>();
        var block = new List<(byte[] Key, byte[] Value)>();
        var blockBytes = 0;
        foreach (var entry in entries)
        {
            block.Add(entry);
            blockBytes += entry.Key.Length + entry.Value.Length + 3;
            if (blockBytes < BlockSize) continue;
            index.Add((entry.Key, AppendBlock(file, Block(block))));
            block.Clear();
            blockBytes = 0;
        }
        if (block.Count > 0) index.Add((block[^1].Key, AppendBlock(file, Block(block))));
        var metaIndex = AppendBlock(file, Block([]));
        var indexHandle = AppendBlock(file, Block(index));

        var footer = new List<byte>(metaIndex);
        footer.AddRange(indexHandle);
        while (footer.Count < 40) footer.Add(0);
        footer.AddRange(BitConverter.GetBytes(TableMagic));
        file.AddRange(footer);
        return [.. file];
    }

    // Entries share the prefix of the key before them, except at restart points, whose offsets end the block.
    private byte[] Block(IReadOnlyList<(byte[] Key, byte[] Value)> entries)
    {
        var block = new List<byte>();
        var restarts = new List<int> { 0 };
        var previous = Array.Empty<byte>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            var shared = 0;
            if (i % RestartInterval == 0)
            {
                if (i > 0) restarts.Add(block.Count);
            }
            else
            {
                while (shared < Math.Min(previous.Length, key.Length) && previous[shared] == key[shared]) shared++;
            }
            PutVarint(block, (ulong)shared);
            PutVarint(block, (ulong)(key.Length - shared));
            PutVarint(block, (ulong)value.Length);
            block.AddRange(key.Skip(shared));
            block.AddRange(value);
            previous = key;
        }
        foreach (var restart in restarts) block.AddRange(BitConverter.GetBytes((uint)restart));
        block.AddRange(BitConverter.GetBytes((uint)restarts.Count));
        return [.. block];
    }

    // Appends the block with its trailer (type 0 = no compression, masked CRC of block and type); returns its handle.
    private static byte[] AppendBlock(List<byte> file, byte[] block)
    {
        var handle = new List<byte>();
        PutVarint(handle, (ulong)file.Count);
        PutVarint(handle, (ulong)block.Length);
        file.AddRange(block);
        file.Add(0);
        file.AddRange(BitConverter.GetBytes(Mask(Crc(Crc(0, block), [0]))));
        return [.. handle];
    }

    private static void PutVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) continued over <paramref name="data"/>.</summary>
    public static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>LevelDB's masked CRC: rotated right by 15 bits plus a constant.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;
}
