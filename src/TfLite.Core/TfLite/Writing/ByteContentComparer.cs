namespace TfLite.Core.Serialization.Writing;

/// <summary>Compares byte arrays by their contents, so that equal constants can be found whatever array holds them.</summary>
internal sealed class ByteContentComparer : IEqualityComparer<byte[]>
{
    /// <summary>The shared instance.</summary>
    public static ByteContentComparer Instance { get; } = new();

    /// <inheritdoc/>
    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    /// <inheritdoc/>
    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
