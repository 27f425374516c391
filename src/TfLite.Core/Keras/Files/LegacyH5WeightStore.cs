using PureHDF;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Weights of a legacy Keras HDF5 save: <c>model_weights/&lt;layer&gt;</c> groups whose <c>weight_names</c> attribute
/// lists dataset paths relative to the group, in the order Keras assigns them to the layer.
/// </summary>
/// <remarks>
/// A nested model is one top-level group holding the weights of all its inner layers (trainable ones first, then the
/// non-trainable ones such as batch-norm moving statistics). The weights of one inner layer are the names with that
/// layer's name among their scopes (<c>Conv1/kernel:0</c>, <c>sequential/dense/kernel</c>), in the listed order; those of
/// a model nested deeper are the weights of all layers inside it.
/// </remarks>
internal sealed class LegacyH5WeightStore : IKerasWeightStore
{
    private readonly IDisposable _h5;
    private readonly IH5Group _modelWeights;
    private readonly KerasModelConfig _config;
    private readonly string _file;
    private readonly Hdf5WeightReader _reader;

    /// <summary>Creates the store over an opened file's <c>model_weights</c> group; takes ownership of the file.</summary>
    public LegacyH5WeightStore(IDisposable h5, IH5Group modelWeights, KerasModelConfig config, string file, long fileLength)
    {
        _h5 = h5;
        _modelWeights = modelWeights;
        _config = config;
        _file = file;
        _reader = new Hdf5WeightReader(file, fileLength);
    }

    /// <inheritdoc />
    public IReadOnlyList<KerasWeight> GetWeights(IReadOnlyList<string> layerPath, bool deferred)
    {
        var top = layerPath[0];
        var group = Hdf5Groups.TryGroup(_modelWeights, top, _file);
        if (group is null) return [];

        var names = Hdf5Attributes.ReadStringList(group, "weight_names", _file);
        var selected = layerPath.Count == 1 ? names : SelectInnerLayer(names, layerPath);
        return selected.Select(name => ReadWeight(group, top, name, deferred)).ToArray();
    }

    private KerasWeight ReadWeight(IH5Group group, string layer, string weightName, bool deferred)
    {
        var where = $"{layer}/{weightName}";
        var dataset = Hdf5Groups.TryDataset(group, weightName, _file)
            ?? throw new ModelFormatException("MissingWeights",
                $"'{_file}': layer '{layer}' lists weight '{weightName}' but the file has no dataset 'model_weights/{where}'.", _file);
        return _reader.Read(dataset, KerasWeightNames.Split(weightName).ShortName, where, deferred);
    }

    private IReadOnlyList<string> SelectInnerLayer(IReadOnlyList<string> names, IReadOnlyList<string> layerPath)
    {
        // Weight names leave out the models between the top-level group and the layer (tf.keras), so a model nested
        // deeper is matched through the names of all layers inside it.
        var owners = new HashSet<string>(StringComparer.Ordinal) { layerPath[^1] };
        if (_config.Find(layerPath) is { } entry) owners.UnionWith(KerasModelConfig.DescendantNames(entry));
        var matches = names.Where(n => KerasWeightNames.Split(n).Scopes.Any(owners.Contains)).ToArray();

        // Two nested models may each hold a layer of the same name; the intermediate model names, when the weight
        // names carry them, tell which one is meant.
        var between = layerPath.Skip(1).SkipLast(1).ToArray();
        if (between.Length == 0) return matches;
        var narrowed = matches.Where(n => between.All(KerasWeightNames.Split(n).Scopes.Contains)).ToArray();
        return narrowed.Length > 0 ? narrowed : matches;
    }

    /// <inheritdoc />
    public void Dispose() => _h5.Dispose();
}
