namespace TfLite.Core.Serialization.Writing;

/// <summary>Compares byte arrays by their contents, so that equal constants can be found whatever array holds them.</summary>
internal sealed class ByteContentComparer : IEqualityComparer<byte[]>
{
    // Bytes hashed at each end of an array: hashing whole weight arrays cost as much as copying them, while equal
    // arrays must have equal hashes only; arrays that differ past the sampled ends are told apart by Equals.
    private const int SampledBytes = 64;

    /// <summary>The shared instance.</summary>
    public static ByteContentComparer Instance { get; } = new();

    /// <inheritdoc/>
    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    /// <inheritdoc/>
    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.Add(obj.Length);
        if (obj.Length <= 2 * SampledBytes)
            hash.AddBytes(obj);
        else
        {
            hash.AddBytes(obj.AsSpan(0, SampledBytes));
            hash.AddBytes(obj.AsSpan(obj.Length - SampledBytes));
        }
        return hash.ToHashCode();
    }
}
