using System.Reflection;
using TfLite.Core.Graph;
using TfLite.Core.IO;
using TfLite.Core.Serialization.Writing;

namespace TfLite.Core.Serialization;

/// <summary>Serializes a <see cref="TfLiteGraph"/> to a TFLite flatbuffer (schema v3). Same graph, same bytes.</summary>
/// <remarks>
/// Operators whose <see cref="Operator.Version"/> is 0 get the lowest version their types and options need (TFLite's
/// op_version rules); <c>min_runtime_version</c> metadata is computed from the versions; a graph without signatures
/// gets <c>serving_default</c>; constant tensors with equal <see cref="Tensor.Data"/> share one buffer;
/// identical shapes, zero points, scales and names are stored once. A graph that
/// cannot be written raises <see cref="ModelFormatException"/> with <see cref="TfLiteErrorIds.InvalidGraph"/>.
/// </remarks>
public static class TfLiteWriter
{
    /// <summary>The description written for graphs without one: <c>TfLite.PowerShell</c> and the library's version.</summary>
    public static string DefaultDescription { get; } = "TfLite.PowerShell " +
        (typeof(TfLiteWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
         ?? typeof(TfLiteWriter).Assembly.GetName().Version?.ToString()
         ?? "0.0.0");

    /// <summary>The flatbuffer bytes of a graph.</summary>
    /// <exception cref="ModelFormatException">The graph cannot be written (<see cref="TfLiteErrorIds.InvalidGraph"/>).</exception>
    public static byte[] Write(TfLiteGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return ModelBuilder.Build(graph, DefaultDescription);
    }

    /// <summary>Writes a graph to a file through a temporary file in the same folder, renamed into place, so that a
    /// failure never leaves a partial file.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="path">Destination path.</param>
    /// <param name="overwrite">Replace an existing file; when false an existing file raises <see cref="IOException"/>.</param>
    public static void WriteFile(TfLiteGraph graph, string path, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(graph);
        var model = ModelBuilder.Serialize(graph, DefaultDescription);
        AtomicFile.Write(path, overwrite, model.WriteTo);
    }
}
