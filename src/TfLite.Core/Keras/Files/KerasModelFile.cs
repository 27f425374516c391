using TfLite.Core.Keras.Files;

namespace TfLite.Core.Keras;

/// <summary>
/// A saved Keras model opened for reading: the model configuration JSON and the weights of every layer.
/// Reads legacy HDF5 (<c>.h5</c>/<c>.hdf5</c>, Keras 2, tf.keras and Keras 3) and Keras 3 <c>.keras</c> archives.
/// </summary>
/// <remarks>
/// The format is told from the content, not the extension. Every problem with the file surfaces as a
/// <see cref="ModelFormatException"/> whose <see cref="TfLiteException.ErrorId"/> is one of <c>FileNotFound</c>,
/// <c>FileNotReadable</c>, <c>NotKerasModel</c>, <c>TruncatedFile</c>, <c>InvalidHdf5</c>, <c>InvalidKerasArchive</c>,
/// <c>UnsafeArchiveEntry</c>, <c>ArchiveEntryTooLarge</c>, <c>InvalidModelConfig</c>, <c>MissingWeights</c>,
/// <c>WeightTooLarge</c> or <c>UnsupportedWeightType</c>. The file stays open until <see cref="Dispose"/>; instances
/// may be shared between threads.
/// </remarks>
public sealed class KerasModelFile : IDisposable
{
    private readonly IKerasWeightStore _weights;
    private readonly object _sync = new();

    internal KerasModelFile(string path, string format, string? kerasVersion, string? backend, string modelConfigJson, IKerasWeightStore weights)
    {
        Path = path;
        Format = format;
        KerasVersion = kerasVersion;
        Backend = backend;
        ModelConfigJson = modelConfigJson;
        _weights = weights;
    }

    /// <summary>The file that was opened.</summary>
    public string Path { get; private init; }

    /// <summary><c>hdf5</c> or <c>keras</c>.</summary>
    public string Format { get; private init; }

    /// <summary>The Keras version that wrote the file, when recorded.</summary>
    public string? KerasVersion { get; private init; }

    /// <summary>The backend recorded in the file, when recorded.</summary>
    public string? Backend { get; private init; }

    /// <summary>The model configuration: the JSON object <c>{"class_name": ..., "config": ...}</c>.</summary>
    public string ModelConfigJson { get; private init; }

    /// <summary>Opens a Keras file, detecting the format from its content.</summary>
    /// <exception cref="ModelFormatException">Missing, malformed, truncated or not a Keras model.</exception>
    public static KerasModelFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = System.IO.Path.GetFullPath(path);
        if (!File.Exists(file))
            throw new ModelFormatException("FileNotFound",
                Directory.Exists(file) ? $"'{file}' is a folder, not a Keras model file." : $"Keras model file '{file}' was not found.", file);

        var stream = OpenStream(file);
        try
        {
            return KerasFileSignature.Detect(stream, file) switch
            {
                KerasFileKind.Hdf5 => LegacyH5Reader.Open(stream, file),
                _ => KerasArchiveReader.Open(stream, file),
            };
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The weights of one layer in Keras order (kernel, bias; gamma, beta, moving_mean, moving_variance; ...).</summary>
    /// <param name="layerPath">Layer names from the top model down through nested models to the layer, e.g.
    /// <c>["dense"]</c> or <c>["sequential_1", "dense"]</c>.</param>
    /// <returns>An empty list for layers without weights (and for names the file does not know).</returns>
    /// <remarks>
    /// Legacy HDF5 files name every weight (<see cref="KerasWeight.Name"/> is <c>kernel</c>, <c>bias</c>, ...); wrapper
    /// layers (QAT <c>QuantizeWrapperV2</c>, <c>QuantizeAnnotate</c>, ...) return all weights of the wrapper in file order.
    /// Keras 3 archives do not name weights (<see cref="KerasWeight.Name"/> is null): a layer's own variables come
    /// first, then those of its sub-objects (an RNN's <c>cell</c>, a wrapper's layers, a nested model's layers in
    /// model order).
    /// </remarks>
    /// <exception cref="ModelFormatException">A listed weight is missing or unreadable.</exception>
    public IReadOnlyList<KerasWeight> GetWeights(IReadOnlyList<string> layerPath) => Weights(layerPath, deferred: false);

    /// <summary>As <see cref="GetWeights"/>, but float32 values of HDF5 datasets stay in the file until a converter
    /// asks for them, so that weights it reorders are read into a reused buffer instead of arrays of their own. The
    /// weights must be used before the file is disposed, by the thread that got them.</summary>
    internal IReadOnlyList<KerasWeight> GetDeferredWeights(IReadOnlyList<string> layerPath) => Weights(layerPath, deferred: true);

    private IReadOnlyList<KerasWeight> Weights(IReadOnlyList<string> layerPath, bool deferred)
    {
        ArgumentNullException.ThrowIfNull(layerPath);
        if (layerPath.Count == 0) throw new ArgumentException("The layer path is empty.", nameof(layerPath));
        lock (_sync) return _weights.GetWeights(layerPath, deferred);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_sync) _weights.Dispose();
    }

    private static FileStream OpenStream(string file)
    {
        try
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException("FileNotReadable", $"'{file}' cannot be read: {e.Message}", file, e);
        }
    }
}
