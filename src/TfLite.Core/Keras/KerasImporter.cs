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
