using System.Text.Json;
using PureHDF;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Weights of a Keras 3 archive's <c>model.weights.h5</c>: each saved object has a <c>vars</c> group with datasets
/// <c>0</c>, <c>1</c>, ...; a model's layers sit under <c>layers/&lt;key&gt;</c>, nested models one
/// <c>layers</c> level deeper, and sub-objects such as an RNN's <c>cell</c> under their attribute names.
/// </summary>
/// <remarks>
/// A layer's group is found by the <c>name</c> attribute that recent Keras versions write on every <c>vars</c> group;
/// without it, by the layer name (tf.keras 2.13–2.15 archives, container <c>_layer_checkpoint_dependencies</c>) or by
/// Keras 3's class-based key computed from the configuration.
/// </remarks>
internal sealed class KerasV3WeightStore : IKerasWeightStore
{
    private const string LayersContainer = "layers";
    private const string LegacyContainer = "_layer_checkpoint_dependencies";

    private readonly IDisposable _h5;
    private readonly IH5Group _root;
    private readonly KerasModelConfig _config;
    private readonly string _archive;
    private readonly string _file;
    private readonly Hdf5WeightReader _reader;
    private readonly Dictionary<string, IReadOnlyDictionary<string, IH5Group>> _containers = new(StringComparer.Ordinal);

    /// <summary>Creates the store over an opened weights file; takes ownership of it.</summary>
    /// <param name="h5">The opened weights file.</param>
    /// <param name="root">Its root group.</param>
    /// <param name="config">The model configuration, which orders and keys the layers.</param>
    /// <param name="archive">The <c>.keras</c> file, the target of errors.</param>
    /// <param name="weightsLength">Size of the weights file, which bounds dataset sizes.</param>
    public KerasV3WeightStore(IDisposable h5, IH5Group root, KerasModelConfig config, string archive, long weightsLength)
    {
        _h5 = h5;
        _root = root;
        _config = config;
        _archive = archive;
        _file = KerasArchiveReader.WeightsFileName(archive);
        _reader = new Hdf5WeightReader(_file, weightsLength);
    }

    /// <inheritdoc />
    /// <remarks>Always reads the values: errors inside the archive are reported through <see cref="KerasArchiveReader.Retarget"/>,
    /// which a later read would escape.</remarks>
    public IReadOnlyList<KerasWeight> GetWeights(IReadOnlyList<string> layerPath, bool deferred) =>
        KerasArchiveReader.Retarget(_archive, () => ReadWeights(layerPath));

    private IReadOnlyList<KerasWeight> ReadWeights(IReadOnlyList<string> layerPath)
    {
        var group = _root;
        var h5Path = "";
        JsonElement? entry = _config.Root;
        foreach (var name in layerPath)
        {
            var siblings = entry is { } model ? KerasModelConfig.Layers(model) : [];
            var found = FindLayerGroup(group, h5Path, siblings, name);
            if (found is null) return [];
            (group, h5Path) = found.Value;
            entry = siblings.Where(s => KerasModelConfig.Name(s) == name).Cast<JsonElement?>().FirstOrDefault();
        }

        var weights = new List<KerasWeight>();
        Collect(group, h5Path, entry, weights);
        return weights;
    }

    private (IH5Group Group, string Path)? FindLayerGroup(IH5Group parent, string parentPath, IReadOnlyList<JsonElement> siblings, string name)
    {
        foreach (var containerName in new[] { LayersContainer, LegacyContainer })
        {
            if (Hdf5Groups.TryGroup(parent, containerName, _file) is not { } container) continue;
            var containerPath = Join(parentPath, containerName);
            return LayerGroups(container, containerPath, siblings).TryGetValue(name, out var group)
                ? (group, Join(containerPath, group.Name))
                : null;
        }

        // Wrappers keep the wrapped layer under an attribute (e.g. "layer"); only the name attribute can find it.
        return FindByNameAttribute(parent, parentPath, name);
    }

    /// <summary>The groups of a model's layers by layer name, worked out once per container.</summary>
    private IReadOnlyDictionary<string, IH5Group> LayerGroups(IH5Group container, string containerPath, IReadOnlyList<JsonElement> siblings)
    {
        if (_containers.TryGetValue(containerPath, out var known)) return known;

        var children = Hdf5Groups.Children(container, _file).OfType<IH5Group>().ToArray();
        var byKey = children.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var map = new Dictionary<string, IH5Group>(StringComparer.Ordinal);
        var named = children.Select(c => (Group: c, Name: NameAttribute(c))).Where(c => c.Name is not null).ToArray();
        if (named.Length > 0)
            foreach (var (group, layerName) in named) map.TryAdd(layerName!, group);
        else if (container.Name == LegacyContainer)
            foreach (var child in children) map.TryAdd(child.Name, child);
        else
            foreach (var (layerName, key) in KerasSaveNames.ContainerKeys(siblings))
                if (byKey.TryGetValue(key, out var group)) map.TryAdd(layerName, group);

        _containers[containerPath] = map;
        return map;
    }

    private (IH5Group, string)? FindByNameAttribute(IH5Group parent, string parentPath, string name)
    {
        foreach (var child in Hdf5Groups.Children(parent, _file).OfType<IH5Group>())
        {
            if (child.Name == "vars") continue;
            var path = Join(parentPath, child.Name);
            if (NameAttribute(child) == name) return (child, path);
            if (FindByNameAttribute(child, path, name) is { } deeper) return deeper;
        }
        return null;
    }

    private string? NameAttribute(IH5Group group) =>
        Hdf5Groups.TryGroup(group, "vars", _file) is { } vars ? Hdf5Attributes.ReadString(vars, "name", _file) : null;

    // Own variables first, then the layers of a nested model in model order, then other sub-objects in save order.
    private void Collect(IH5Group group, string h5Path, JsonElement? entry, List<KerasWeight> weights)
    {
        var children = Hdf5Groups.Children(group, _file).OfType<IH5Group>().ToArray();
        var vars = children.FirstOrDefault(c => c.Name == "vars");
        if (vars is not null)
        {
            var datasets = Hdf5Groups.Children(vars, _file).OfType<IH5Dataset>();
            foreach (var dataset in KerasSaveNames.InVariableOrder(datasets, d => d.Name))
                weights.Add(_reader.Read(dataset, null, Join(h5Path, "vars/" + dataset.Name)));
        }

        var container = children.FirstOrDefault(c => c.Name is LayersContainer or LegacyContainer);
        if (container is not null)
            CollectLayers(container, Join(h5Path, container.Name), entry, weights);

        var others = children.Where(c => c != vars && c != container);
        foreach (var child in KerasSaveNames.InSaveOrder(others, c => c.Name))
            Collect(child, Join(h5Path, child.Name), null, weights);
    }

    private void CollectLayers(IH5Group container, string containerPath, JsonElement? modelEntry, List<KerasWeight> weights)
    {
        var siblings = modelEntry is { } model ? KerasModelConfig.Layers(model) : [];
        var groups = LayerGroups(container, containerPath, siblings);
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sibling in siblings)
        {
            if (KerasModelConfig.Name(sibling) is not { } name || !groups.TryGetValue(name, out var child)) continue;
            if (done.Add(child.Name)) Collect(child, Join(containerPath, child.Name), sibling, weights);
        }

        // Groups the configuration does not account for still hold weights of this model.
        var rest = Hdf5Groups.Children(container, _file).OfType<IH5Group>().Where(c => !done.Contains(c.Name));
        foreach (var child in KerasSaveNames.InSaveOrder(rest, c => c.Name))
            Collect(child, Join(containerPath, child.Name), null, weights);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}/{name}";

    /// <inheritdoc />
    public void Dispose() => _h5.Dispose();
}
