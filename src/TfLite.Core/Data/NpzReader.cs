using System.IO.Compression;

namespace TfLite.Core.Data;

/// <summary>
/// Reads NumPy <c>.npz</c> archives (a zip of .npy files, stored or deflated, as <c>numpy.savez</c> and
/// <c>savez_compressed</c> write them) straight from the archive, without extracting anything to disk.
/// </summary>
public static class NpzReader
{
    /// <summary>Reads every <c>.npy</c> entry, in archive order, named without the <c>.npy</c> suffix.</summary>
    /// <exception cref="ModelFormatException"><c>InvalidNpzFile</c> for a broken archive, or the .npy id of a broken
    /// entry (its target is <c>file:entry</c>).</exception>
    public static IReadOnlyList<KeyValuePair<string, NDArray>> Read(string path)
    {
        using var stream = NpyReader.OpenRead(path);
        var result = new List<KeyValuePair<string, NDArray>>();
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                var name = entry.FullName[..^4];
                if (result.Any(r => r.Key == name))
                    throw new ModelFormatException(NpyErrorIds.InvalidNpz, $"'{path}' holds the array '{name}' twice.", path);
                using var entryStream = entry.Open();
                result.Add(new(name, NpyReader.Read(entryStream, entry.Length, $"{path}:{entry.FullName}")));
            }
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(NpyErrorIds.InvalidNpz, $"'{path}' is not a readable .npz (zip) archive: {e.Message}", path, e);
        }
        catch (IOException e)
        {
            throw new ModelFormatException(NpyErrorIds.FileNotReadable, $"'{path}' cannot be read: {e.Message}", path, e);
        }
        return result;
    }

    /// <summary>True when the file starts like a zip archive (an .npz) rather than an .npy file.</summary>
    public static bool IsZip(string path)
    {
        using var stream = NpyReader.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4
            && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] is 3 or 5 && head[3] is 4 or 6;
    }
}
