using TfLite.Core.Graph;

namespace TfLite.Core.Keras;

/// <summary>Options of <see cref="KerasImporter.Import"/>.</summary>
public sealed class KerasImportOptions
{
    /// <summary>Run the converter's standard graph passes (fold batch norm, fuse activations, ...). Default true.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>Receives one message per converted layer, for progress reporting.</summary>
    public IProgress<string>? Progress { get; init; }
}

/// <summary>Converts a saved Keras model into a float32 <see cref="TfLiteGraph"/> of TFLite builtin operators.</summary>
public static class KerasImporter
{
    /// <summary>Reads a <c>.h5</c>/<c>.hdf5</c>/<c>.keras</c> file and lowers every layer to TFLite operators.</summary>
    /// <exception cref="ModelFormatException">The file is missing, malformed, truncated or not a Keras model.</exception>
    /// <exception cref="UnsupportedLayerException">A layer class or option has no conversion.</exception>
    public static TfLiteGraph Import(string path, KerasImportOptions? options = null) =>
        throw new NotImplementedException("Keras import is not implemented yet.");
}
