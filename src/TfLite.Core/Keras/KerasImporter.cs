using System.Text.RegularExpressions;
using TfLite.Core.Graph;
using TfLite.Core.Keras.Config;
using TfLite.Core.Keras.Conversion;
using TfLite.Core.Transforms;

namespace TfLite.Core.Keras;

/// <summary>Options of <see cref="KerasImporter.Import"/>.</summary>
public sealed class KerasImportOptions
{
    /// <summary>Run the converter's standard graph passes (fold batch norm, fuse activations, ...). Default true.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>How LSTM and SimpleRNN layers are lowered. Default <see cref="Keras.RecurrentLowering.Fused"/>, as
    /// TensorFlow does; GRU is always unrolled.</summary>
    public RecurrentLowering RecurrentLowering { get; init; } = RecurrentLowering.Fused;

    /// <summary>Receives one message per converted layer, for progress reporting.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>A weight that is transposed as it is read holds up to this many values to be read from the file whole; a
    /// larger one is read a block of rows of at most this many values at a time. PureHDF copies a whole dataset in one
    /// piece but walks part of one a contiguous run at a time, some 60 times slower per byte, so whole reads win
    /// wherever the buffer they need (a 64 MB weight at most by default) is affordable.</summary>
    internal int WeightBlockValues { get; init; } = 1 << 24;
}

/// <summary>Converts a saved Keras model into a float32 <see cref="TfLiteGraph"/> of TFLite builtin operators.</summary>
public static partial class KerasImporter
{
    /// <summary>Reads a <c>.h5</c>/<c>.hdf5</c>/<c>.keras</c> file and lowers every layer to TFLite operators.</summary>
    /// <exception cref="ModelFormatException">The file is missing, malformed, truncated or not a Keras model.</exception>
    /// <exception cref="UnsupportedLayerException">A layer class or option has no conversion.</exception>
    public static TfLiteGraph Import(string path, KerasImportOptions? options = null)
    {
        using var file = KerasModelFile.Open(path);
        // The whole conversion happens before the file closes, so weights may be read when a converter needs them.
        return Convert(file.ModelConfigJson, file.GetDeferredWeights, options, file.KerasVersion, path);
    }

    /// <summary>Converts a model given as its configuration JSON and a weight source (e.g. a model built in memory).</summary>
    /// <param name="modelConfigJson">The model configuration: <c>{"class_name": ..., "config": ...}</c>.</param>
    /// <param name="weightSource">Returns a layer's weights in Keras order given its layer path (top model down to
    /// the layer); an empty list for layers without weights.</param>
    /// <param name="options">Import options.</param>
    /// <param name="kerasVersion">The Keras version that wrote the config; inferred from the config when null.</param>
    /// <param name="sourcePath">The file the model came from, if any.</param>
    /// <exception cref="ModelFormatException">The configuration is malformed or does not fit the weights.</exception>
    /// <exception cref="UnsupportedLayerException">A layer class or option has no conversion.</exception>
    public static TfLiteGraph Convert(string modelConfigJson, Func<IReadOnlyList<string>, IReadOnlyList<KerasWeight>> weightSource,
        KerasImportOptions? options = null, string? kerasVersion = null, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(modelConfigJson);
        ArgumentNullException.ThrowIfNull(weightSource);
        options ??= new KerasImportOptions();
        var model = ModelConfigParser.Parse(modelConfigJson, sourcePath);
        var graph = KerasGraphConverter.Convert(model, weightSource, ParseVersion(kerasVersion, modelConfigJson), sourcePath, options);
        if (options.Optimize) ConverterPasses.Apply(graph, ConverterPassOptions.Default with { ConstantsUnshared = true });
        return graph;
    }

    /// <summary>The numeric part of a Keras version string (<c>2.2.4-tf</c> -> 2.2.4). Without one, Keras 3 is
    /// recognised by what only it writes into configs (DTypePolicy objects, <c>module</c> fields); else 2.</summary>
    internal static Version ParseVersion(string? kerasVersion, string modelConfigJson)
    {
        if (kerasVersion is not null && LeadingVersion().Match(kerasVersion) is { Success: true } m && Version.TryParse(m.Value.Contains('.') ? m.Value : m.Value + ".0", out var v))
            return v;
        return Keras3Markers().IsMatch(modelConfigJson) ? new Version(3, 0) : new Version(2, 0);
    }

    [GeneratedRegex(@"^\d+(\.\d+){0,3}")]
    private static partial Regex LeadingVersion();

    [GeneratedRegex("\"(DTypePolicy|__keras_tensor__)\"|\"module\"\\s*:\\s*\"keras")]
    private static partial Regex Keras3Markers();
}
