namespace TfLite.Core.Keras.Files;

/// <summary>The container formats a Keras model file can have, told apart by content, not by extension.</summary>
internal enum KerasFileKind
{
    /// <summary>HDF5 (legacy <c>.h5</c>/<c>.hdf5</c> full-model save).</summary>
    Hdf5,

    /// <summary>Zip archive (Keras 3 <c>.keras</c>).</summary>
    Zip,
}

/// <summary>Detects the container format from the first bytes of a file.</summary>
internal static class KerasFileSignature
{
    private static ReadOnlySpan<byte> Hdf5Magic => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];
    private static ReadOnlySpan<byte> ZipLocalHeader => [(byte)'P', (byte)'K', 3, 4];
    private static ReadOnlySpan<byte> ZipEmptyArchive => [(byte)'P', (byte)'K', 5, 6];

    /// <summary>Reads the signature of an existing file.</summary>
    /// <exception cref="ModelFormatException">The file is empty or neither HDF5 nor zip.</exception>
    public static KerasFileKind Detect(Stream stream, string file)
    {
        if (stream.Length == 0)
            throw new ModelFormatException("TruncatedFile", $"'{file}' is empty: a Keras model file starts with an HDF5 or zip signature.", file);

        Span<byte> head = stackalloc byte[8];
        var n = ReadAt(stream, 0, head);
        if (n >= 4 && (head[..4].SequenceEqual(ZipLocalHeader) || head[..4].SequenceEqual(ZipEmptyArchive)))
            return KerasFileKind.Zip;
        if (FindHdf5Superblock(stream) >= 0)
            return KerasFileKind.Hdf5;

        throw new ModelFormatException("NotKerasModel",
            $"'{file}' is not a Keras model file: it has neither the HDF5 signature (legacy .h5) nor a zip signature (.keras).", file);
    }

    /// <summary>
    /// Offset of the HDF5 signature, or -1. HDF5 allows a user block before the superblock, so the signature may sit
    /// at 0, 512, 1024, 2048, ... .
    /// </summary>
    public static long FindHdf5Superblock(Stream stream)
    {
        Span<byte> sig = stackalloc byte[8];
        for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
            if (ReadAt(stream, offset, sig) == 8 && sig.SequenceEqual(Hdf5Magic))
                return offset;
        return -1;
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at an absolute offset.</summary>
    public static int ReadAt(Stream stream, long offset, Span<byte> buffer)
    {
        stream.Position = offset;
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
