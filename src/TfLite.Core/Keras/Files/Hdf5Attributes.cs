using System.Text;
using PureHDF;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Reads the string attributes Keras writes, whatever h5py made of them: variable-length or fixed-length strings,
/// ASCII or UTF-8, scalars or one-element arrays, byte arrays, and lists split into numbered chunks.
/// </summary>
internal static class Hdf5Attributes
{
    /// <summary>A string attribute, or null when the object has no attribute of that name.</summary>
    public static string? ReadString(IH5Object owner, string name, string file) =>
        Hdf5Guard.Run(file, $"attribute '{name}' of '{owner.Name}'", () =>
        {
            if (!owner.AttributeExists(name)) return null;
            var attribute = owner.Attribute(name);
            var values = ReadValues(attribute, file);
            if (values.Length != 1)
                throw new ModelFormatException("InvalidHdf5",
                    $"'{file}': attribute '{name}' of '{owner.Name}' holds {values.Length} values where one string was expected.", file);
            return values[0];
        });

    /// <summary>
    /// A list of strings such as <c>layer_names</c> or <c>weight_names</c>. Keras writes an empty float64 array for an
    /// empty list and splits lists larger than an HDF5 object header into <c>name0</c>, <c>name1</c>, ...
    /// </summary>
    /// <returns>An empty list when the attribute is missing.</returns>
    public static IReadOnlyList<string> ReadStringList(IH5Object owner, string name, string file) =>
        Hdf5Guard.Run(file, $"attribute '{name}' of '{owner.Name}'", () =>
        {
            if (owner.AttributeExists(name)) return (IReadOnlyList<string>)ReadValues(owner.Attribute(name), file);

            var all = new List<string>();
            for (var chunk = 0; owner.AttributeExists(name + chunk); chunk++)
                all.AddRange(ReadValues(owner.Attribute(name + chunk), file));
            return all;
        });

    private static string[] ReadValues(IH5Attribute attribute, string file)
    {
        var type = attribute.Type;
        if (attribute.Space.Type == H5DataspaceType.Null) return [];

        switch (type.Class)
        {
            case H5DataTypeClass.String:
            case H5DataTypeClass.VariableLength:
                return attribute.Read<string[]>().Select(Clean).ToArray();
            case H5DataTypeClass.FixedPoint when type.Size == 1:
            case H5DataTypeClass.Opaque:
                // np.void / raw bytes: one UTF-8 string.
                return [Clean(Encoding.UTF8.GetString(attribute.Read<byte[]>()))];
            case H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint when ElementCount(attribute.Space) == 0:
                // Keras stores an empty name list as an empty float64 array.
                return [];
            default:
                throw new ModelFormatException("InvalidHdf5",
                    $"'{file}': attribute '{attribute.Name}' has HDF5 type {type.Class} where strings were expected.", file);
        }
    }

    private static ulong ElementCount(IH5Dataspace space) =>
        space.Type == H5DataspaceType.Scalar ? 1 : space.Dimensions.Aggregate(1UL, (n, d) => n * d);

    private static string Clean(string value) => value.TrimEnd('\0');
}
