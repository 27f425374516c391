using System.Text;

namespace TfLite.Core.Tests.Data;

/// <summary>Builds .npy files byte by byte (magic, version, header length, header, data), so tests can make the
/// versions, byte orders and defects the writer never produces.</summary>
internal static class NpyBytes
{
    public static byte[] Build(string header, byte[] data, byte major = 1, byte minor = 0, Encoding? encoding = null)
    {
        var text = (encoding ?? Encoding.Latin1).GetBytes(header + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, minor };
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)text.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)text.Length));
        bytes.AddRange(text);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static string Header(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    /// <summary>Big-endian bytes of each value, written out by hand.</summary>
    public static byte[] BigEndian(params int[] values) =>
        values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
}
