using System.IO.Compression;
using System.Text;

namespace TfLite.Core.Keras.Files;

/// <summary>The parts of a Keras 3 <c>.keras</c> archive, read into memory.</summary>
/// <param name="ConfigJson">Text of <c>config.json</c>.</param>
/// <param name="MetadataJson">Text of <c>metadata.json</c>, or null when absent.</param>
/// <param name="WeightsH5">Bytes of <c>model.weights.h5</c>.</param>
internal sealed record KerasArchiveContents(string ConfigJson, string? MetadataJson, byte[] WeightsH5);

/// <summary>
/// Reads a <c>.keras</c> zip without extracting anything to disk. Entry names are checked (no <c>..</c>, no absolute
/// paths) and every entry is size-capped twice: by its declared size and by the bytes actually inflated.
/// </summary>
internal static class KerasArchive
{
    private const string ConfigEntry = "config.json";
    private const string MetadataEntry = "metadata.json";
    private const string WeightsEntry = "model.weights.h5";
    private const string NpzWeightsEntry = "model.weights.npz";

    /// <summary>Reads the archive's config, metadata and weights file.</summary>
    /// <exception cref="ModelFormatException">Damaged, unsafe or incomplete archive.</exception>
    public static KerasArchiveContents Read(Stream stream, string file)
    {
        using var zip = OpenZip(stream, file);
        foreach (var entry in zip.Entries) CheckEntryName(entry.FullName, file);

        var config = Find(zip, ConfigEntry) ?? throw new ModelFormatException("NotKerasModel",
            $"'{file}' is a zip archive without '{ConfigEntry}', so it is not a Keras 3 .keras model.", file);
        var weights = Find(zip, WeightsEntry) ?? throw new ModelFormatException("InvalidKerasArchive",
            Find(zip, NpzWeightsEntry) is not null
                ? $"'{file}' stores its weights as '{NpzWeightsEntry}'; only '{WeightsEntry}' is supported."
                : $"'{file}' has no '{WeightsEntry}' entry.", file);
        var metadata = Find(zip, MetadataEntry);

        return new KerasArchiveContents(
            ReadText(config, stream.Length, file),
            metadata is null ? null : ReadText(metadata, stream.Length, file),
            ReadBytes(weights, KerasFileLimits.MaxWeightsBytes, stream.Length, file));
    }

    /// <summary>Rejects entry names that would escape an extraction folder.</summary>
    public static void CheckEntryName(string name, string file)
    {
        var segments = name.Split('/', '\\');
        var absolute = name.StartsWith('/') || name.StartsWith('\\') || (name.Length >= 2 && name[1] == ':');
        if (absolute || segments.Contains(".."))
            throw new ModelFormatException("UnsafeArchiveEntry",
                $"'{file}' holds the entry '{name}', which points outside the archive (absolute path or '..').", file);
    }

    private static ZipArchive OpenZip(Stream stream, string file)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException e)
        {
            // The central directory sits at the end of a zip, so a cut-off file loses its end-of-directory record.
            throw HasEndOfCentralDirectory(stream)
                ? new ModelFormatException("InvalidKerasArchive", $"'{file}' is a damaged zip archive ({e.Message}).", file, e)
                : new ModelFormatException("TruncatedFile", $"'{file}' is truncated: its zip end-of-directory record is missing.", file, e);
        }
    }

    private static bool HasEndOfCentralDirectory(Stream stream)
    {
        // The record is 22 bytes plus a comment of at most 65535 bytes.
        var tail = (int)Math.Min(stream.Length, 22 + 65535);
        var buffer = new byte[tail];
        KerasFileSignature.ReadAt(stream, stream.Length - tail, buffer);
        return buffer.AsSpan().IndexOf("PK\u0005\u0006"u8) >= 0;
    }

    private static ZipArchiveEntry? Find(ZipArchive zip, string name) =>
        zip.Entries.FirstOrDefault(e => e.FullName == name);

    private static string ReadText(ZipArchiveEntry entry, long archiveLength, string file)
    {
        var bytes = ReadBytes(entry, KerasFileLimits.MaxJsonBytes, archiveLength, file);
        return new UTF8Encoding(false, false).GetString(bytes).TrimStart('\uFEFF');
    }

    private static byte[] ReadBytes(ZipArchiveEntry entry, long cap, long archiveLength, string file)
    {
        if (entry.Length > cap)
            throw TooLarge(entry, cap, file, $"declares {entry.Length} bytes");
        if (entry.CompressedLength > archiveLength)
            throw new ModelFormatException("TruncatedFile",
                $"'{file}': entry '{entry.FullName}' declares {entry.CompressedLength} stored bytes but the archive has {archiveLength}.", file);
        if (entry.Length > entry.CompressedLength * KerasFileLimits.MaxCompressionRatio + 1024)
            throw new ModelFormatException("InvalidKerasArchive",
                $"'{file}': entry '{entry.FullName}' declares {entry.Length} bytes from {entry.CompressedLength} stored bytes, more than compression can produce.", file);

        var buffer = new byte[entry.Length];
        var total = 0;
        try
        {
            using var data = entry.Open();
            int n;
            while (total < buffer.Length && (n = data.Read(buffer, total, buffer.Length - total)) > 0)
                total += n;
            // One more byte than declared means the entry lies about its size; never inflate past the declaration.
            if (total == buffer.Length && data.ReadByte() >= 0)
                throw TooLarge(entry, cap, file, $"inflates to more than the {entry.Length} bytes it declares");
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException("InvalidKerasArchive", $"'{file}': entry '{entry.FullName}' is damaged ({e.Message}).", file, e);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException("TruncatedFile", $"'{file}' is truncated inside entry '{entry.FullName}'.", file, e);
        }

        if (total != buffer.Length)
            throw new ModelFormatException("TruncatedFile",
                $"'{file}': entry '{entry.FullName}' declares {entry.Length} bytes but holds {total}.", file);
        return buffer;
    }

    private static ModelFormatException TooLarge(ZipArchiveEntry entry, long cap, string file, string detail) =>
        new("ArchiveEntryTooLarge", $"'{file}': entry '{entry.FullName}' {detail}; the limit is {cap} bytes.", file);
}
