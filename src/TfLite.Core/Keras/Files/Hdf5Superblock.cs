using System.Buffers.Binary;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Reads the end-of-file address that every HDF5 superblock declares, so a truncated file is reported as such before
/// PureHDF follows addresses past its end.
/// </summary>
internal static class Hdf5Superblock
{
    /// <summary>Throws unless the stream holds a superblock and is at least as long as the superblock declares.</summary>
    /// <exception cref="ModelFormatException"><c>InvalidHdf5</c> or <c>TruncatedFile</c>.</exception>
    public static void Validate(Stream stream, string file)
    {
        var start = KerasFileSignature.FindHdf5Superblock(stream);
        if (start < 0)
            throw new ModelFormatException("InvalidHdf5", $"'{file}' has no HDF5 superblock signature.", file);

        Span<byte> block = stackalloc byte[64];
        var available = KerasFileSignature.ReadAt(stream, start, block);
        var version = available > 8 ? block[8] : -1;

        // Byte positions of "size of offsets" and of the base address, per HDF5 superblock version.
        var (sizeOfOffsetsAt, baseAddressAt) = version switch
        {
            0 => (13, 24),
            1 => (13, 28),
            2 or 3 => (9, 12),
            _ => (-1, -1),
        };
        if (version < 0 || sizeOfOffsetsAt >= available)
            throw Truncated(file, stream.Length, "the HDF5 superblock is cut off");
        if (sizeOfOffsetsAt < 0)
            throw new ModelFormatException("InvalidHdf5", $"'{file}': unknown HDF5 superblock version {version}.", file);

        int sizeOfOffsets = block[sizeOfOffsetsAt];
        if (sizeOfOffsets is not (2 or 4 or 8))
            throw new ModelFormatException("InvalidHdf5", $"'{file}': invalid HDF5 offset size {sizeOfOffsets}.", file);

        // Base address, then (free-space or superblock-extension address), then the end-of-file address.
        var eofAt = baseAddressAt + 2 * sizeOfOffsets;
        if (eofAt + sizeOfOffsets > available)
            throw Truncated(file, stream.Length, "the HDF5 superblock is cut off");

        // The end-of-file address is relative to the base address, which is non-zero only with a user block; comparing
        // it alone with the length is the check that never rejects a complete file.
        var endOfFile = ReadAddress(block.Slice(eofAt, sizeOfOffsets));
        if (endOfFile > (ulong)long.MaxValue)
            throw new ModelFormatException("InvalidHdf5", $"'{file}': the HDF5 superblock holds an invalid end-of-file address.", file);

        var required = (long)endOfFile;
        if (stream.Length < required)
            throw Truncated(file, stream.Length, $"its HDF5 superblock declares {required} bytes");
        stream.Position = 0;
    }

    private static ulong ReadAddress(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };

    private static ModelFormatException Truncated(string file, long length, string detail) =>
        new("TruncatedFile", $"'{file}' is truncated: it has {length} bytes but {detail}.", file);
}
