using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using TfLite.Core.Graph;

namespace TfLite.Core.Data;

/// <summary>
/// Reads NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0; either byte order; C or Fortran order, the
/// latter transposed to C order). The data size is checked against the bytes available before anything is allocated.
/// </summary>
public static class NpyReader
{
    /// <summary>The six bytes every .npy file starts with.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // NumPy itself refuses headers above 10 000 bytes by default; this leaves room for long shapes.
    private const int MaxHeaderLength = 1 << 20;

    /// <summary>Reads the array stored in a file.</summary>
    /// <exception cref="ModelFormatException">A stable <see cref="NpyErrorIds"/> id naming the file.</exception>
    public static NDArray Read(string path)
    {
        using var stream = OpenRead(path);
        return Read(stream, stream.Length, path);
    }

    /// <summary>Reads only the header of a file: element type, byte order, layout and shape.</summary>
    /// <exception cref="ModelFormatException">A stable <see cref="NpyErrorIds"/> id naming the file.</exception>
    public static NpyHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream, stream.Length, path, out _);
    }

    /// <summary>Reads an array from a stream holding <paramref name="length"/> bytes of .npy data.</summary>
    /// <param name="stream">Positioned at the magic string.</param>
    /// <param name="length">Bytes available from the current position (the file or archive entry length).</param>
    /// <param name="source">The file (or archive entry) named in errors.</param>
    /// <exception cref="ModelFormatException">A stable <see cref="NpyErrorIds"/> id naming <paramref name="source"/>.</exception>
    public static NDArray Read(Stream stream, long length, string source)
    {
        var header = ReadHeader(stream, length, source, out int headerBytes);
        long count = NDArray.CountOf(header.Shape);
        int elementSize = header.ElementType.SizeOf();
        if (count > Array.MaxLength / elementSize)
            throw new ModelFormatException(NpyErrorIds.TooLarge,
                $"'{source}' declares {Shape.Format(header.Shape)} elements of {header.ElementType}, more than one array can hold.", source);
        long dataBytes = count * elementSize;
        if (length - headerBytes < dataBytes)
            throw new ModelFormatException(NpyErrorIds.Truncated,
                $"'{source}' declares {Shape.Format(header.Shape)} {header.ElementType} ({dataBytes} bytes) but holds {length - headerBytes} bytes of data.", source);
        try
        {
            var data = ReadData(stream, header, (int)count);
            return new NDArray(data, header.Shape);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException(NpyErrorIds.Truncated, $"'{source}' ends before its {dataBytes} bytes of data.", source, e);
        }
    }

    internal static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ModelFormatException(NpyErrorIds.FileNotReadable, $"'{path}' cannot be read: {e.Message}", path, e);
        }
    }

    private static NpyHeader ReadHeader(Stream stream, long length, string source, out int headerBytes)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (length < 10 || !TryFill(stream, prefix[..10]) || !prefix[..6].SequenceEqual(Magic))
            throw new ModelFormatException(NpyErrorIds.NotNpyFile, $"'{source}' is not a NumPy .npy file (no \\x93NUMPY magic).", source);
        byte major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new ModelFormatException(NpyErrorIds.UnsupportedVersion,
                $"'{source}' uses .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are supported.", source);
        long headerLength;
        int fixedBytes;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
            fixedBytes = 10;
        }
        else
        {
            if (length < 12 || !TryFill(stream, prefix[10..12])) throw TruncatedHeader(source);
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
            fixedBytes = 12;
        }
        if (headerLength > MaxHeaderLength)
            throw new ModelFormatException(NpyErrorIds.InvalidHeader, $"The .npy header of '{source}' claims {headerLength} bytes.", source);
        if (fixedBytes + headerLength > length) throw TruncatedHeader(source);
        var bytes = new byte[headerLength];
        if (!TryFill(stream, bytes)) throw TruncatedHeader(source);
        // Version 3.0 exists only to allow UTF-8 in field names; 1.0 and 2.0 headers are Latin-1.
        var text = major == 3 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        headerBytes = fixedBytes + (int)headerLength;
        return NpyHeader.Parse(text, source);
    }

    private static ModelFormatException TruncatedHeader(string source) =>
        new(NpyErrorIds.Truncated, $"'{source}' ends inside its .npy header.", source);

    private static bool TryFill(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    private static Array ReadData(Stream stream, NpyHeader h, int count) => h.ElementType switch
    {
        TensorType.Float16 => ReadTyped<Half>(stream, h, count),
        TensorType.Float32 => ReadTyped<float>(stream, h, count),
        TensorType.Float64 => ReadTyped<double>(stream, h, count),
        TensorType.Int8 => ReadTyped<sbyte>(stream, h, count),
        TensorType.UInt8 => ReadTyped<byte>(stream, h, count),
        TensorType.Int16 => ReadTyped<short>(stream, h, count),
        TensorType.UInt16 => ReadTyped<ushort>(stream, h, count),
        TensorType.Int32 => ReadTyped<int>(stream, h, count),
        TensorType.UInt32 => ReadTyped<uint>(stream, h, count),
        TensorType.Int64 => ReadTyped<long>(stream, h, count),
        TensorType.UInt64 => ReadTyped<ulong>(stream, h, count),
        // NumPy writes bools as bytes 0/1; any non-zero byte reads as true rather than as an invalid bool.
        TensorType.Bool => Array.ConvertAll(ReadTyped<byte>(stream, h, count), b => b != 0),
        _ => throw new InvalidOperationException($"No reader for {h.ElementType}."),
    };

    private static T[] ReadTyped<T>(Stream stream, NpyHeader h, int count) where T : unmanaged
    {
        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        stream.ReadExactly(bytes);
        if (h.BigEndian != !BitConverter.IsLittleEndian) SwapBytes(bytes, h.ElementType.SizeOf());
        return h.FortranOrder && h.Shape.Length > 1 ? FortranToC(values, h.Shape) : values;
    }

    private static void SwapBytes(Span<byte> bytes, int elementSize)
    {
        switch (elementSize)
        {
            case 2: var s = MemoryMarshal.Cast<byte, ushort>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break;
            case 4: var i = MemoryMarshal.Cast<byte, uint>(bytes); BinaryPrimitives.ReverseEndianness(i, i); break;
            case 8: var l = MemoryMarshal.Cast<byte, ulong>(bytes); BinaryPrimitives.ReverseEndianness(l, l); break;
        }
    }

    /// <summary>Reorders column-major data (first index fastest) into row-major (last index fastest).</summary>
    internal static T[] FortranToC<T>(T[] source, int[] shape)
    {
        var result = new T[source.Length];
        if (result.Length == 0) return result;
        int rank = shape.Length;
        var columnStride = new long[rank];
        long stride = 1;
        for (int d = 0; d < rank; d++) { columnStride[d] = stride; stride *= shape[d]; }
        var index = new int[rank];
        long from = 0;
        for (int to = 0; to < result.Length; to++)
        {
            result[to] = source[from];
            // Advance the row-major odometer, keeping the column-major offset in step.
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) { from += columnStride[d]; break; }
                from -= (long)(shape[d] - 1) * columnStride[d];
                index[d] = 0;
            }
        }
        return result;
    }
}
