using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Reads one weight dataset as float32, converting the other numeric types Keras may store (float64, float16,
/// bfloat16, integer counters such as QAT's <c>optimizer_step</c>).
/// </summary>
internal sealed class Hdf5WeightReader
{
    private readonly string _file;
    private readonly long _fileLength;

    /// <summary>Creates a reader for datasets of one file.</summary>
    /// <param name="file">The file named in errors.</param>
    /// <param name="fileLength">Length of the HDF5 data, which bounds how large a dataset can be.</param>
    public Hdf5WeightReader(string file, long fileLength)
    {
        _file = file;
        _fileLength = fileLength;
    }

    /// <summary>Reads a dataset.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="name">The short weight name to report (<c>kernel</c>), or null.</param>
    /// <param name="where">Where the dataset is, for errors (layer and weight path).</param>
    /// <param name="deferred">Check shape and size now but read float32 values only when they are asked for, into
    /// whatever span the caller gives, a block of rows at a time (<see cref="KerasWeight.CopyRowsTo"/>); the file must
    /// stay open until then.</param>
    public KerasWeight Read(IH5Dataset dataset, string? name, string where, bool deferred = false) =>
        Hdf5Guard.Run(_file, $"weight '{where}'", () =>
        {
            var shape = ReadShape(dataset, where);
            var count = shape.Aggregate(1L, (n, d) => n * d);
            CheckSize(dataset, count, where);
            if (deferred && count > 0 && dataset is NativeDataset native
                && dataset.Type is { Class: H5DataTypeClass.FloatingPoint, Size: 4 })
                return new KerasWeight(name, shape, (firstRow, span) =>
                    Hdf5Guard.ReadInto(native, span, Rows(shape, firstRow, span.Length, count), _file, $"weight '{where}'"));
            var values = count == 0 ? [] : ReadValues(dataset, where);
            if (values.Length != count)
                throw new ModelFormatException("InvalidHdf5",
                    $"'{_file}': weight '{where}' holds {values.Length} values but its shape needs {count}.", _file);
            return new KerasWeight(name, shape, values);
        });

    /// <summary>The file selection of <paramref name="length"/> values' worth of rows from <paramref name="firstRow"/>
    /// on; null (everything) when that is the whole dataset.</summary>
    private static HyperslabSelection? Rows(int[] shape, int firstRow, int length, long count)
    {
        if (firstRow == 0 && length == count) return null;
        var rowLength = count / shape[0];
        var starts = new ulong[shape.Length];
        starts[0] = (ulong)firstRow;
        var blocks = shape.Select(d => (ulong)d).ToArray();
        blocks[0] = (ulong)(length / rowLength);
        return new HyperslabSelection(shape.Length, starts, blocks);
    }

    private int[] ReadShape(IH5Dataset dataset, string where)
    {
        var space = dataset.Space;
        if (space.Type == H5DataspaceType.Scalar) return [];
        if (space.Type == H5DataspaceType.Null) return [0];
        var shape = new int[space.Dimensions.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            if (space.Dimensions[i] > int.MaxValue)
                throw new ModelFormatException("WeightTooLarge",
                    $"'{_file}': weight '{where}' has dimension {space.Dimensions[i]}, more than an array can hold.", _file);
            shape[i] = (int)space.Dimensions[i];
        }
        return shape;
    }

    private void CheckSize(IH5Dataset dataset, long count, string where)
    {
        // Virtual datasets read other files; a model file has no business pointing outside itself.
        if (dataset.Layout.Class == H5DataLayoutClass.VirtualStorage)
            throw new ModelFormatException("UnsupportedWeightType",
                $"'{_file}': weight '{where}' is a virtual dataset that refers to other files.", _file);
        var bytes = (double)count * dataset.Type.Size;
        var limit = dataset.Layout.Class == H5DataLayoutClass.Chunked ? (double)_fileLength * KerasFileLimits.MaxCompressionRatio : _fileLength;
        if (count > Array.MaxLength || bytes > limit)
            throw new ModelFormatException("WeightTooLarge",
                $"'{_file}': weight '{where}' declares {count} elements ({bytes:0} bytes), more than the {_fileLength}-byte file can hold.", _file);
    }

    private float[] ReadValues(IH5Dataset dataset, string where)
    {
        var type = dataset.Type;
        if (IsBfloat16(dataset))
            return Bfloat16ToSingle(dataset.Read<byte[]>());

        return (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(),
            (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
            (H5DataTypeClass.FloatingPoint, 2) => Array.ConvertAll(dataset.Read<Half[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, _) => ReadInteger(dataset, type),
            _ => throw new ModelFormatException("UnsupportedWeightType",
                $"'{_file}': weight '{where}' has HDF5 type {type.Class} of {type.Size} bytes; expected float32, float64, float16, bfloat16 or an integer.", _file),
        };
    }

    private static float[] ReadInteger(IH5Dataset dataset, IH5DataType type)
    {
        var signed = type.FixedPoint.IsSigned;
        return type.Size switch
        {
            1 when signed => Array.ConvertAll(dataset.Read<sbyte[]>(), v => (float)v),
            1 => Array.ConvertAll(dataset.Read<byte[]>(), v => (float)v),
            2 when signed => Array.ConvertAll(dataset.Read<short[]>(), v => (float)v),
            2 => Array.ConvertAll(dataset.Read<ushort[]>(), v => (float)v),
            4 when signed => Array.ConvertAll(dataset.Read<int[]>(), v => (float)v),
            4 => Array.ConvertAll(dataset.Read<uint[]>(), v => (float)v),
            8 when signed => Array.ConvertAll(dataset.Read<long[]>(), v => (float)v),
            _ => Array.ConvertAll(dataset.Read<ulong[]>(), v => (float)v),
        };
    }

    // Keras 3 marks bfloat16 variables with a "dtype" attribute; h5py stores ml_dtypes' bfloat16 as 2-byte opaque.
    private bool IsBfloat16(IH5Dataset dataset) =>
        dataset.Type.Size == 2
        && dataset.Type.Class is H5DataTypeClass.Opaque or H5DataTypeClass.FixedPoint
        && Hdf5Attributes.ReadString(dataset, "dtype", _file) == "bfloat16";

    private static float[] Bfloat16ToSingle(byte[] bytes)
    {
        var values = new float[bytes.Length / 2];
        for (var i = 0; i < values.Length; i++)
            values[i] = BitConverter.Int32BitsToSingle((bytes[2 * i] | bytes[2 * i + 1] << 8) << 16);
        return values;
    }
}
