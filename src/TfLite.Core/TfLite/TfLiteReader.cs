using System.Runtime.InteropServices;
using TfLite.Core.Graph;
using TfLite.Core.Serialization.Reading;

namespace TfLite.Core.Serialization;

/// <summary>Reads TFLite flatbuffers (schema v3) into a <see cref="TfLiteGraph"/>, after verifying them.</summary>
/// <remarks>
/// Every table, vector and string is bounds-checked before it is read, so a malformed or truncated file raises a
/// <see cref="ModelFormatException"/> (error ids in <see cref="TfLiteErrorIds"/>) rather than a crash. Tensors that
/// share a buffer share one <see cref="Tensor.Data"/> array. Options tables the graph has no record for, sparse
/// tensors and custom quantization raise <c>UnsupportedTfLiteSchema</c> instead of being dropped.
/// </remarks>
public static class TfLiteReader
{
    /// <summary>Verifies and reads a model held in memory.</summary>
    /// <param name="model">The flatbuffer bytes.</param>
    /// <param name="sourcePath">The file the bytes came from, for messages and <see cref="TfLiteGraph.SourcePath"/>.</param>
    /// <exception cref="ModelFormatException">The buffer is malformed or truncated.</exception>
    public static TfLiteGraph Read(ReadOnlyMemory<byte> model, string? sourcePath = null)
    {
        // The flatbuffer runtime reads from a whole array; reuse the caller's when the memory is exactly that.
        var bytes = MemoryMarshal.TryGetArray(model, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : model.ToArray();
        return ModelLoader.Load(bytes, sourcePath);
    }

    /// <summary>Verifies and reads a <c>.tflite</c> file.</summary>
    /// <exception cref="ModelFormatException">Missing, malformed or truncated file.</exception>
    public static TfLiteGraph ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ModelFormatException(TfLiteErrorIds.FileNotReadable, $"{path}: cannot be read: {e.Message}", path, e);
        }
        return ModelLoader.Load(bytes, path);
    }
}
