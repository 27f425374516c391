namespace TfLite.Core.Serialization.Options;

/// <summary>A value of the file that the graph cannot hold. The reader adds where it was met (file, subgraph,
/// operator or tensor) and turns it into a <see cref="ModelFormatException"/> with <see cref="ErrorId"/>.</summary>
internal sealed class SchemaMappingException(string errorId, string message) : Exception(message)
{
    /// <summary><c>InvalidTfLiteFile</c> for a value outside the schema, <c>UnsupportedTfLiteSchema</c> for a valid
    /// schema feature that the graph does not model.</summary>
    public string ErrorId { get; } = errorId;

    /// <summary>The same error, its message prefixed with where it was met (e.g. <c>subgraph 0</c>).</summary>
    public SchemaMappingException At(string where) => new(ErrorId, $"{where}: {Message}");

    /// <summary>A value outside what the schema allows.</summary>
    public static SchemaMappingException Invalid(string message) => new(TfLiteErrorIds.InvalidFile, message);

    /// <summary>Data referenced beyond the end of the file.</summary>
    public static SchemaMappingException Truncated(string message) => new(TfLiteErrorIds.TruncatedFile, message);

    /// <summary>A schema feature the graph does not model.</summary>
    public static SchemaMappingException Unsupported(string message) => new(TfLiteErrorIds.UnsupportedSchema, message);
}
