using PureHDF;

namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>Helpers to build PureHDF write trees the way h5py lays out Keras files.</summary>
public static class Hdf5TreeBuilder
{
    /// <summary>Write options matching h5py: contiguous datasets, variable-length strings unless a fixed length is given.</summary>
    public static H5WriteOptions Options(int fixedStringLength = 0) =>
        new(DefaultStringLength: fixedStringLength, PreferCompactDatasetLayout: false);

    /// <summary>The group at a slash-separated path below <paramref name="root"/>, created as needed.</summary>
    public static H5Group GroupAt(H5Group root, string path)
    {
        var group = root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!group.TryGetValue(part, out var child))
                group[part] = child = new H5Group();
            group = (H5Group)child;
        }
        return group;
    }

    /// <summary>Stores a dataset at a slash-separated path, creating the groups above it.</summary>
    public static void PutDataset(H5Group root, string path, object dataset)
    {
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? root : GroupAt(root, path[..slash]);
        parent[path[(slash + 1)..]] = dataset;
    }

    /// <summary>A float32 dataset of the weight's shape (scalars for shape []).</summary>
    public static H5Dataset Dataset(TestWeight weight, WeightStorage storage = WeightStorage.Float32)
    {
        weight.Validate();
        var dims = weight.Shape.Select(d => (ulong)d).ToArray();
        if (weight.Shape.Length == 0)
            return storage switch
            {
                WeightStorage.Float64 => new H5Dataset((double)weight.Values[0]),
                WeightStorage.Float16 => new H5Dataset((Half)weight.Values[0]),
                _ => new H5Dataset(weight.Values[0]),
            };
        return storage switch
        {
            WeightStorage.Float64 => new H5Dataset(Array.ConvertAll(weight.Values, v => (double)v), fileDims: dims),
            WeightStorage.Float16 => new H5Dataset(Array.ConvertAll(weight.Values, v => (Half)v), fileDims: dims),
            _ => new H5Dataset(weight.Values, fileDims: dims),
        };
    }
}

/// <summary>How a test writer stores weight values.</summary>
public enum WeightStorage
{
    /// <summary>float32, as Keras writes by default.</summary>
    Float32,

    /// <summary>float64 (models built with float64 dtype policy).</summary>
    Float64,

    /// <summary>float16 (models built with a float16 dtype policy).</summary>
    Float16,
}
