using PureHDF;

namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>
/// Writes a minimal legacy Keras HDF5 file with one layer group whose datasets are given as they are, for the odd or
/// broken files the layout-faithful writers never produce (other number types, dangling names, strings).
/// </summary>
public static class HandMadeH5
{
    /// <summary>Writes the file.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="modelConfigJson">The <c>model_config</c> attribute.</param>
    /// <param name="layer">The one entry of <c>layer_names</c>.</param>
    /// <param name="weights">The layer's <c>weight_names</c> with the object stored under each (a PureHDF dataset or
    /// data); null lists the name without storing anything.</param>
    /// <param name="kerasVersion">The <c>keras_version</c> attribute.</param>
    public static void WriteSingleLayer(string path, string modelConfigJson, string layer,
        IReadOnlyList<(string WeightName, object? Dataset)> weights, string kerasVersion = "2.15.0")
    {
        var group = new H5Group { Attributes = new() { ["weight_names"] = weights.Select(w => w.WeightName).ToArray() } };
        foreach (var (name, dataset) in weights)
            if (dataset is not null) Hdf5TreeBuilder.PutDataset(group, name, dataset);

        new H5File
        {
            Attributes = new() { ["model_config"] = modelConfigJson, ["keras_version"] = kerasVersion },
            ["model_weights"] = new H5Group
            {
                Attributes = new() { ["layer_names"] = new[] { layer } },
                [layer] = group,
            },
        }.Write(path);
    }
}
