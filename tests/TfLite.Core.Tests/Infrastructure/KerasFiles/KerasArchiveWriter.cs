using System.IO.Compression;
using System.Text;
using PureHDF;
using TfLite.Core.Keras.Files;

namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>Options of <see cref="KerasArchiveWriter"/>.</summary>
public sealed record KerasArchiveOptions
{
    /// <summary>The <c>keras_version</c> of <c>metadata.json</c>.</summary>
    public string KerasVersion { get; init; } = "3.13.2";

    /// <summary>Write the layer name as attribute <c>name</c> of every <c>vars</c> group (recent Keras 3 does).</summary>
    public bool NameAttributes { get; init; } = true;

    /// <summary>
    /// Lay the layers out as tf.keras 2.13–2.15 did: container <c>_layer_checkpoint_dependencies</c>, groups named
    /// after the layers; Keras 3 uses container <c>layers</c> with class-based keys.
    /// </summary>
    public bool TfKerasLayout { get; init; }

    /// <summary>Compression of the zip entries; Keras stores them uncompressed.</summary>
    public CompressionLevel Compression { get; init; } = CompressionLevel.NoCompression;

    /// <summary>The number type of the weight datasets.</summary>
    public WeightStorage Storage { get; init; } = WeightStorage.Float32;
}

/// <summary>
/// Writes a Keras 3 <c>.keras</c> zip as <c>keras.saving.save_model</c> lays it out: <c>metadata.json</c>,
/// <c>config.json</c> and <c>model.weights.h5</c>, where each layer's variables are datasets <c>0</c>, <c>1</c>, ...
/// of <c>layers/&lt;key&gt;/vars</c> (nested models: <c>layers/&lt;outer&gt;/layers/&lt;inner&gt;/vars</c>) and the key
/// is the layer class in snake case, numbered per class in model order. Recurrent layers keep their variables in
/// their <c>cell</c>.
/// </summary>
public static class KerasArchiveWriter
{
    /// <summary>Writes the archive.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="configJson">The <c>config.json</c> content (the serialised model).</param>
    /// <param name="weights">Weights by layer path (<c>dense</c> or <c>outer/inner</c>), each list in Keras order.</param>
    /// <param name="options">Layout variations.</param>
    public static void Write(string path, string configJson,
        IEnumerable<KeyValuePair<string, IReadOnlyList<TestWeight>>> weights, KerasArchiveOptions? options = null)
    {
        options ??= new KerasArchiveOptions();
        var model = TestModelConfig.Parse(configJson);
        var byPath = weights.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        var h5 = new H5File();
        h5["vars"] = Vars(model.Name, [], options);
        AddLayers(h5, model, "", byPath, options);

        using var weightsBytes = new MemoryStream();
        h5.Write(weightsBytes, Hdf5TreeBuilder.Options());

        using var zipFile = File.Create(path);
        using var zip = new ZipArchive(zipFile, ZipArchiveMode.Create);
        Add(zip, "metadata.json", Encoding.UTF8.GetBytes($"{{\"keras_version\": \"{options.KerasVersion}\", \"date_saved\": \"2025-01-01@00:00:00\"}}"), options);
        Add(zip, "config.json", Encoding.UTF8.GetBytes(configJson), options);
        Add(zip, "model.weights.h5", weightsBytes.ToArray(), options);
    }

    private static void AddLayers(H5Group parent, TestLayerEntry model, string prefix,
        IReadOnlyDictionary<string, IReadOnlyList<TestWeight>> weights, KerasArchiveOptions options)
    {
        var container = new H5Group();
        parent[options.TfKerasLayout ? "_layer_checkpoint_dependencies" : "layers"] = container;
        var used = new Dictionary<string, int>();
        foreach (var layer in model.SavedLayers())
        {
            var layerPath = prefix.Length == 0 ? layer.Name : $"{prefix}/{layer.Name}";
            var own = weights.TryGetValue(layerPath, out var list) ? list : [];
            var group = new H5Group();
            container[options.TfKerasLayout ? layer.Name : Key(layer.ClassName, used)] = group;

            if (RecurrentCells.CellName(layer.ClassName) is { } cellName)
            {
                group["vars"] = Vars(layer.Name, [], options);
                group["cell"] = new H5Group { ["vars"] = Vars(cellName, own, options) };
            }
            else
            {
                group["vars"] = Vars(layer.Name, own, options);
            }
            if (layer.IsModel) AddLayers(group, layer, layerPath, weights, options);
        }
    }

    // Keras numbers a class's second and later layers: conv2d, conv2d_1, conv2d_2, ...
    private static string Key(string className, Dictionary<string, int> used)
    {
        // Snake case is checked on its own against the names real Keras gives (KerasSaveNamesTests).
        var key = KerasSaveNames.ToSnakeCase(className);
        if (!used.TryGetValue(key, out var count))
        {
            used[key] = 0;
            return key;
        }
        used[key] = count + 1;
        return $"{key}_{count + 1}";
    }

    private static H5Group Vars(string name, IReadOnlyList<TestWeight> weights, KerasArchiveOptions options)
    {
        var vars = new H5Group { Attributes = new() };
        if (options.NameAttributes) vars.Attributes["name"] = name;
        for (var i = 0; i < weights.Count; i++)
            vars[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Hdf5TreeBuilder.Dataset(weights[i], options.Storage);
        return vars;
    }

    private static void Add(ZipArchive zip, string name, byte[] content, KerasArchiveOptions options)
    {
        var entry = zip.CreateEntry(name, options.Compression);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
