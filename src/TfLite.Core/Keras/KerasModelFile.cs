namespace TfLite.Core.Keras;

/// <summary>
/// A saved Keras model opened for reading: the model configuration JSON and the weights of every layer.
/// Reads legacy HDF5 (<c>.h5</c>/<c>.hdf5</c>, Keras 2, tf.keras and Keras 3) and Keras 3 <c>.keras</c> archives.
/// </summary>
public sealed class KerasModelFile : IDisposable
{
    /// <summary>The file that was opened.</summary>
    public string Path { get; private init; } = "";

    /// <summary><c>hdf5</c> or <c>keras</c>.</summary>
    public string Format { get; private init; } = "";

    /// <summary>The Keras version that wrote the file, when recorded.</summary>
    public string? KerasVersion { get; private init; }

    /// <summary>The backend recorded in the file, when recorded.</summary>
    public string? Backend { get; private init; }

    /// <summary>The model configuration: the JSON object <c>{"class_name": ..., "config": ...}</c>.</summary>
    public string ModelConfigJson { get; private init; } = "";

    /// <summary>Opens a Keras file, detecting the format from its content.</summary>
    /// <exception cref="ModelFormatException">Missing, malformed, truncated or not a Keras model.</exception>
    public static KerasModelFile Open(string path) => throw new NotImplementedException();

    /// <summary>The weights of one layer in Keras order (kernel, bias; gamma, beta, moving_mean, moving_variance; ...).</summary>
    /// <param name="layerPath">Layer names from the top model down through nested models to the layer, e.g.
    /// <c>["dense"]</c> or <c>["sequential_1", "dense"]</c>.</param>
    /// <returns>An empty list for layers without weights.</returns>
    public IReadOnlyList<KerasWeight> GetWeights(IReadOnlyList<string> layerPath) => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose() { }
}
