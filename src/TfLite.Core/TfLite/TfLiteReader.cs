using TfLite.Core.Graph;

namespace TfLite.Core.Serialization;

/// <summary>Reads TFLite flatbuffers (schema v3) into a <see cref="TfLiteGraph"/>, after verifying them.</summary>
public static class TfLiteReader
{
    /// <summary>Verifies and reads a model held in memory.</summary>
    /// <exception cref="ModelFormatException">The buffer is malformed or truncated.</exception>
    public static TfLiteGraph Read(ReadOnlyMemory<byte> model, string? sourcePath = null) => throw new NotImplementedException();

    /// <summary>Verifies and reads a <c>.tflite</c> file.</summary>
    /// <exception cref="ModelFormatException">Missing, malformed or truncated file.</exception>
    public static TfLiteGraph ReadFile(string path) => throw new NotImplementedException();
}
