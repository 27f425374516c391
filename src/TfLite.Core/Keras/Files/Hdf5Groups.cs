using PureHDF;

namespace TfLite.Core.Keras.Files;

/// <summary>Guarded navigation of HDF5 groups.</summary>
internal static class Hdf5Groups
{
    /// <summary>The child group called <paramref name="name"/>, or null when there is none.</summary>
    public static IH5Group? TryGroup(IH5Group parent, string name, string file) =>
        Hdf5Guard.Run(file, $"group '{name}' in '{parent.Name}'", () =>
            parent.LinkExists(name) ? parent.Get(name) as IH5Group : null);

    /// <summary>The child dataset at a relative path, or null when there is none.</summary>
    public static IH5Dataset? TryDataset(IH5Group parent, string path, string file) =>
        Hdf5Guard.Run(file, $"dataset '{path}' in '{parent.Name}'", () =>
            parent.LinkExists(path) ? parent.Get(path) as IH5Dataset : null);

    /// <summary>The direct children of a group (groups and datasets), in the order the file lists them.</summary>
    public static IReadOnlyList<IH5Object> Children(IH5Group group, string file) =>
        Hdf5Guard.Run(file, $"children of '{group.Name}'", () => group.Children().ToArray());
}
