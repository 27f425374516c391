namespace TfLite.Core.Serialization;

/// <summary>The <see cref="TfLiteException.ErrorId"/> values that the TFLite reader and writer raise.</summary>
public static class TfLiteErrorIds
{
    /// <summary>Not a TFLite flatbuffer, or a flatbuffer whose structure or values are broken.</summary>
    public const string InvalidFile = "InvalidTfLiteFile";

    /// <summary>The data ends before everything the flatbuffer refers to.</summary>
    public const string TruncatedFile = "TruncatedTfLiteFile";

    /// <summary>A valid file using a schema version or feature this library does not model.</summary>
    public const string UnsupportedSchema = "UnsupportedTfLiteSchema";

    /// <summary>A graph the writer cannot serialize: an operator using a tensor of another subgraph, constant data of
    /// the wrong size, options of another operator, a custom operator without a name.</summary>
    public const string InvalidGraph = "InvalidTfLiteGraph";

    /// <summary>The file does not exist or cannot be read.</summary>
    public const string FileNotReadable = "TfLiteFileNotReadable";
}
