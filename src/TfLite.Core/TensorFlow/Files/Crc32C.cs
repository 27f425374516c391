using System.Numerics;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>CRC-32C (Castagnoli), as LevelDB tables and tensor bundles store it: masked, so that a CRC of data that
/// holds CRCs does not collide.</summary>
public static class Crc32C
{
    private const uint MaskDelta = 0xa282ead8;

    /// <summary>The CRC-32C of <paramref name="data"/>, continuing from <paramref name="crc"/> (0 to start).</summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8) c = BitOperations.Crc32C(c, BitConverter.ToUInt64(data.Slice(i, 8)));
        for (; i < data.Length; i++) c = BitOperations.Crc32C(c, data[i]);
        return ~c;
    }

    /// <summary>The stored form of a CRC.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;
}
