using System.Text;
using Google.Protobuf;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>
/// A TensorFlow tensor bundle: the format of TF1 checkpoints (<c>model.ckpt.index</c> with
/// <c>model.ckpt.data-00000-of-00001</c>) and of a SavedModel's <c>variables/variables.*</c>. The index maps each key to
/// where its bytes lie in which data shard, with their dtype, shape and CRC; values are read on demand and checked.
/// </summary>
public sealed class TensorBundle
{
    private readonly Dictionary<string, BundleEntryProto> _entries;
    private readonly int _shards;

    private TensorBundle(string prefix, Dictionary<string, BundleEntryProto> entries, int shards)
    {
        Prefix = prefix;
        _entries = entries;
        _shards = shards;
    }

    /// <summary>The prefix the bundle was opened with.</summary>
    public string Prefix { get; }

    /// <summary>The keys of the bundle (variable names, or object-graph keys in a SavedModel).</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>Opens the bundle whose index is <c><paramref name="prefix"/>.index</c>.</summary>
    /// <exception cref="ModelFormatException">The index is missing or damaged.</exception>
    public static TensorBundle Open(string prefix)
    {
        var indexPath = prefix + ".index";
        byte[] file;
        try
        {
            file = File.ReadAllBytes(indexPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(TfErrorIds.FileNotReadable, $"Cannot read the checkpoint index '{indexPath}': {ex.Message}", indexPath, ex);
        }
        var entries = new Dictionary<string, BundleEntryProto>(StringComparer.Ordinal);
        var shards = 1;
        try
        {
            foreach (var (key, value) in SsTable.ReadAll(file, indexPath))
            {
                if (key.Length == 0) shards = BundleHeaderProto.Parser.ParseFrom(value).NumShards;
                else entries[Encoding.UTF8.GetString(key)] = BundleEntryProto.Parser.ParseFrom(value);
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"Checkpoint index '{indexPath}' holds an entry that does not parse: {ex.Message}", indexPath, ex);
        }
        if (shards < 1 || shards > 100_000)
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"Checkpoint index '{indexPath}' declares {shards} data shards.", indexPath);
        return new TensorBundle(prefix, entries, shards);
    }

    /// <summary>Whether the bundle holds <paramref name="key"/>.</summary>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>The value stored under <paramref name="key"/>, as a TensorProto with <c>tensor_content</c>; null when
    /// the bundle has no such key.</summary>
    /// <exception cref="ModelFormatException">The data shard is missing, too short, or fails the CRC.</exception>
    public TensorProto? Read(string key)
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        if (entry.Dtype == DataType.DtString)
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"'{key}' in '{Prefix}' holds strings, not numbers.", key);
        var (shard, bytes) = ReadEntry(key, entry);
        if (Crc32C.Mask(Crc32C.Extend(0, bytes)) != entry.Crc32C)
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"The value of '{key}' in '{shard}' fails its checksum.", shard);
        return new TensorProto { Dtype = entry.Dtype, TensorShape = entry.Shape ?? new TensorShapeProto(), TensorContent = ByteString.CopyFrom(bytes) };
    }

    /// <summary>The elements of the string tensor stored under <paramref name="key"/> (such as the object graph a
    /// TF2 checkpoint keeps under <c>_CHECKPOINTABLE_OBJECT_GRAPH</c>); null when the bundle has no such key.</summary>
    /// <exception cref="ModelFormatException">The entry is not a string tensor, or its data is missing, too short or
    /// fails a checksum.</exception>
    public IReadOnlyList<byte[]>? ReadStrings(string key)
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        if (entry.Dtype != DataType.DtString)
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"'{key}' in '{Prefix}' is a {entry.Dtype} tensor, not strings.", key);
        var count = TensorValues.ShapeOf(new TensorProto { TensorShape = entry.Shape ?? new TensorShapeProto() }, $"'{key}'")
            .Aggregate(1L, (n, d) => n * d);
        var (shard, bytes) = ReadEntry(key, entry);
        return BundleStrings.Decode(bytes, count, entry.Crc32C, $"'{key}' in '{shard}'");
    }

    private (string Shard, byte[] Bytes) ReadEntry(string key, BundleEntryProto entry)
    {
        if (entry.Slices.Count > 0)
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"'{key}' in '{Prefix}' is a partitioned variable, which is not read.", key);
        if (entry.ShardId < 0 || entry.ShardId >= _shards)
            throw new ModelFormatException(TfErrorIds.CheckpointMalformed, $"'{key}' in '{Prefix}' lies in shard {entry.ShardId} of {_shards}.", key);
        var shard = $"{Prefix}.data-{entry.ShardId:D5}-of-{_shards:D5}";
        return (shard, ReadRange(shard, entry.Offset, entry.Size, key));
    }

    private static byte[] ReadRange(string path, long offset, long size, string key)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // Compared without adding, so a huge declared offset or size cannot wrap around and pass.
            if (offset < 0 || size < 0 || offset > stream.Length || size > stream.Length - offset)
                throw new ModelFormatException(TfErrorIds.CheckpointMalformed,
                    $"The value of '{key}' lies at {offset}..{offset + size} of '{path}', which has {stream.Length} bytes.", path);
            var bytes = new byte[size];
            stream.Position = offset;
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(TfErrorIds.FileNotReadable, $"Cannot read the checkpoint data '{path}': {ex.Message}", path, ex);
        }
    }
}
