using TfLite.Core.Graph;

namespace TfLite.Core.Serialization;

/// <summary>Serializes a <see cref="TfLiteGraph"/> to a TFLite flatbuffer (schema v3). Same graph, same bytes.</summary>
public static class TfLiteWriter
{
    /// <summary>The flatbuffer bytes of a graph.</summary>
    public static byte[] Write(TfLiteGraph graph) => throw new NotImplementedException();

    /// <summary>Writes a graph to a file through a temporary file in the same folder, renamed into place, so that a
    /// failure never leaves a partial file.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="path">Destination path.</param>
    /// <param name="overwrite">Replace an existing file; when false an existing file raises <see cref="IOException"/>.</param>
    public static void WriteFile(TfLiteGraph graph, string path, bool overwrite) => throw new NotImplementedException();
}
