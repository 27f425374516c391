using PureHDF;

namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>How weight names are written into <c>weight_names</c>.</summary>
public enum LegacyWeightNaming
{
    /// <summary>tf.keras 2.x: <c>&lt;layer&gt;/kernel:0</c> (inner layers of nested models: <c>&lt;inner&gt;/kernel:0</c>).</summary>
    TfKeras2,

    /// <summary>Keras 3 writing the legacy format: <c>&lt;model&gt;/&lt;layer&gt;/kernel</c>, no <c>:0</c> suffix.</summary>
    Keras3,
}

/// <summary>Options of <see cref="LegacyH5Writer"/>.</summary>
public sealed record LegacyH5Options
{
    /// <summary>The <c>keras_version</c> attribute.</summary>
    public string KerasVersion { get; init; } = "2.15.0";

    /// <summary>The <c>backend</c> attribute.</summary>
    public string Backend { get; init; } = "tensorflow";

    /// <summary>How weight names are spelled.</summary>
    public LegacyWeightNaming Naming { get; init; } = LegacyWeightNaming.TfKeras2;

    /// <summary>Write every string as a fixed-length string (standalone Keras 2.0 wrote name lists that way).</summary>
    public bool FixedLengthStrings { get; init; }

    /// <summary>
    /// Split <c>layer_names</c> and <c>weight_names</c> into this many numbered attributes (<c>layer_names0</c>, ...),
    /// as Keras does when a list exceeds the 64 KiB HDF5 object header.
    /// </summary>
    public int NameChunks { get; init; } = 1;

    /// <summary>The number type of the weight datasets.</summary>
    public WeightStorage Storage { get; init; } = WeightStorage.Float32;
}

/// <summary>
/// Writes a legacy Keras full-model HDF5 file laid out as tf.keras 2.x (or Keras 3) writes it: root attributes
/// <c>model_config</c>, <c>keras_version</c>, <c>backend</c>; group <c>model_weights</c> with <c>layer_names</c>;
/// one group per top-level layer with <c>weight_names</c> (an empty float64 array for layers without weights) and
/// the datasets at <c>model_weights/&lt;layer&gt;/&lt;weight name&gt;</c>. A nested model's group holds the weights of
/// all its layers.
/// </summary>
public static class LegacyH5Writer
{
    /// <summary>Writes the file.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="modelConfigJson">The model configuration (<c>{"class_name": ..., "config": ...}</c>).</param>
    /// <param name="weights">Weights by layer path (<c>dense</c>, or <c>outer/inner</c> inside nested models), each
    /// list in Keras order; a nested model's weights are written in enumeration order.</param>
    /// <param name="options">Layout variations.</param>
    public static void Write(string path, string modelConfigJson,
        IEnumerable<KeyValuePair<string, IReadOnlyList<TestWeight>>> weights, LegacyH5Options? options = null)
    {
        options ??= new LegacyH5Options();
        var model = TestModelConfig.Parse(modelConfigJson);
        var classes = model.Descendants().ToDictionary(d => d.Path, d => d.Layer.ClassName, StringComparer.Ordinal);
        var byPath = weights.ToArray();
        var strings = new List<string> { modelConfigJson, options.KerasVersion, options.Backend };

        var modelWeights = new H5Group { Attributes = new() };
        var layerNames = model.SavedLayers().Select(l => l.Name).ToArray();
        foreach (var layer in layerNames)
        {
            var group = new H5Group { Attributes = new() };
            var names = new List<string>();
            foreach (var (layerPath, list) in byPath.Where(p => p.Key == layer || p.Key.StartsWith(layer + "/", StringComparison.Ordinal)))
            foreach (var weight in list)
            {
                var cell = RecurrentCells.CellName(classes.GetValueOrDefault(layerPath, ""));
                var name = WeightName(model.Name, layerPath, cell, weight.Name, options.Naming);
                names.Add(name);
                Hdf5TreeBuilder.PutDataset(group, name, Hdf5TreeBuilder.Dataset(weight, options.Storage));
            }
            SetNames(group, "weight_names", names, options.NameChunks);
            strings.AddRange(names);
            modelWeights[layer] = group;
        }
        if (options.Naming == LegacyWeightNaming.Keras3)
            modelWeights["top_level_model_weights"] = new H5Group { Attributes = new() { ["weight_names"] = Array.Empty<double>() } };

        SetNames(modelWeights, "layer_names", layerNames, options.NameChunks);
        strings.AddRange(layerNames);
        modelWeights.Attributes["backend"] = options.Backend;
        modelWeights.Attributes["keras_version"] = options.KerasVersion;

        var file = new H5File
        {
            Attributes = new()
            {
                ["backend"] = options.Backend,
                ["keras_version"] = options.KerasVersion,
                ["model_config"] = modelConfigJson,
            },
            ["model_weights"] = modelWeights,
        };
        var fixedLength = options.FixedLengthStrings ? strings.Max(s => System.Text.Encoding.UTF8.GetByteCount(s)) : 0;
        file.Write(path, Hdf5TreeBuilder.Options(fixedLength));
    }

    // tf.keras scopes a variable by the layer that created it (and its cell), not by the models around it.
    private static string WeightName(string modelName, string layerPath, string? cell, string weight, LegacyWeightNaming naming)
    {
        var cellScope = cell is null ? "" : "/" + cell;
        return naming == LegacyWeightNaming.TfKeras2
            ? $"{layerPath.Split('/')[^1]}{cellScope}/{weight}:0"
            : $"{modelName}/{layerPath}{cellScope}/{weight}";
    }

    // Keras stores an empty list as an empty float64 array and long lists as numbered chunks.
    private static void SetNames(H5Group group, string attribute, IReadOnlyList<string> names, int chunks)
    {
        if (names.Count == 0)
        {
            group.Attributes[attribute] = Array.Empty<double>();
            return;
        }
        if (chunks <= 1)
        {
            group.Attributes[attribute] = names.ToArray();
            return;
        }
        var size = (names.Count + chunks - 1) / chunks;
        for (var i = 0; i * size < names.Count; i++)
            group.Attributes[attribute + i] = names.Skip(i * size).Take(size).ToArray();
    }
}
