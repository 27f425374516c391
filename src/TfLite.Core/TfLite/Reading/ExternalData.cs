using TfLite.Core.Serialization.Options;

namespace TfLite.Core.Serialization.Reading;

/// <summary>Data that models over 2 GB keep after the flatbuffer, located by an offset and size from the start of
/// the file.</summary>
internal static class ExternalData
{
    /// <summary>Copies <paramref name="size"/> bytes at <paramref name="offset"/> of the file.</summary>
    /// <exception cref="SchemaMappingException">The range lies beyond the end of the file.</exception>
    public static byte[] Copy(byte[] file, ulong offset, ulong size, string what, ReadBudget budget)
    {
        if (offset > (ulong)file.Length || size > (ulong)file.Length - offset)
            throw SchemaMappingException.Truncated($"{what} of {size} bytes at offset {offset} lies beyond the end of the {file.Length}-byte file");
        budget.Charge((long)size);
        return file.AsSpan((int)offset, (int)size).ToArray();
    }
}
