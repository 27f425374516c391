using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using TfLite.Core.IO;

namespace TfLite.Core.Data;

/// <summary>Writes <see cref="NDArray"/>s as NumPy <c>.npy</c> files (version 1.0, little-endian, C order) and
/// <c>.npz</c> archives that <c>numpy.load</c> reads. Files are written to a temporary name and then renamed, so
/// nothing half-written is left behind.</summary>
public static class NpyWriter
{
    // NumPy pads the header so the data starts on a 64-byte boundary.
    private const int Alignment = 64;

    /// <summary>Writes one array to an .npy file, replacing an existing file.</summary>
    public static void Write(string path, NDArray array) => AtomicFile.Write(path, overwrite: true, stream => Write(stream, array));

    /// <summary>Writes one array in .npy format to a stream.</summary>
    public static void Write(Stream stream, NDArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var dict = NpyHeader.Format(array.ElementType, array.Shape);
        // Version 2.0 only when the header does not fit version 1.0's 16-bit length.
        int prefix = dict.Length + 11 <= ushort.MaxValue ? 10 : 12;
        int total = (prefix + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;
        int headerLength = total - prefix;
        var header = new byte[total];
        NpyReader.Magic.CopyTo(header);
        header[6] = prefix == 10 ? (byte)1 : (byte)2;
        if (prefix == 10) BitConverter.TryWriteBytes(header.AsSpan(8, 2), (ushort)headerLength);
        else BitConverter.TryWriteBytes(header.AsSpan(8, 4), headerLength);
        Encoding.Latin1.GetBytes(dict, header.AsSpan(prefix));
        header.AsSpan(prefix + dict.Length, headerLength - dict.Length - 1).Fill((byte)' ');
        header[^1] = (byte)'\n';
        stream.Write(header);
        WriteData(stream, array.Data);
    }

    /// <summary>Writes named arrays to an .npz archive (entries <c>name.npy</c>), deflated when
    /// <paramref name="compress"/> is set, as <c>numpy.savez_compressed</c> does.</summary>
    public static void WriteNpz(string path, IEnumerable<KeyValuePair<string, NDArray>> arrays, bool compress = false) =>
        AtomicFile.Write(path, overwrite: true, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, array) in arrays)
            {
                var entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var entryStream = entry.Open();
                Write(entryStream, array);
            }
        });

    private static void WriteData(Stream stream, Array data)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Writing .npy files needs a little-endian machine.");
        switch (data)
        {
            case bool[] b: stream.Write(Array.ConvertAll(b, v => v ? (byte)1 : (byte)0)); break;
            case float[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case double[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case Half[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case sbyte[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case byte[] a: stream.Write(a); break;
            case short[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case ushort[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case int[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case uint[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case long[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case ulong[] a: stream.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            default: throw new ArgumentException($"Arrays of {data.GetType().GetElementType()?.Name} cannot be written.", nameof(data));
        }
    }
}
