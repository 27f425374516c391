using PureHDF;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Opens a legacy Keras HDF5 full-model save: root attributes <c>model_config</c>, <c>keras_version</c>,
/// <c>backend</c> and the <c>model_weights</c> group.
/// </summary>
internal static class LegacyH5Reader
{
    private const int MetadataBufferBytes = 1 << 16;

    /// <summary>Opens the file; the result owns <paramref name="stream"/>.</summary>
    public static KerasModelFile Open(Stream stream, string file)
    {
        Hdf5Superblock.Validate(stream, file);
        // PureHDF reads a FileStream through its handle, one system call per small metadata read (hundreds per
        // layer); any other stream goes through Read and Seek, which a buffer serves from memory.
        var h5 = Hdf5Guard.Run(file, "the HDF5 root group", () => H5File.Open(new BufferedStream(stream, MetadataBufferBytes), leaveOpen: false));
        try
        {
            var config = Hdf5Attributes.ReadString(h5, "model_config", file)
                ?? throw new ModelFormatException("NotKerasModel",
                    $"'{file}' is an HDF5 file but not a Keras model: it has no root attribute 'model_config' "
                    + "(weights-only files written by save_weights hold no model).", file);
            var parsed = KerasModelConfig.Parse(config, file, "the 'model_config' attribute");

            var modelWeights = Hdf5Groups.TryGroup(h5, "model_weights", file)
                ?? throw new ModelFormatException("MissingWeights", $"'{file}' has a model configuration but no 'model_weights' group.", file);
            var version = Hdf5Attributes.ReadString(h5, "keras_version", file) ?? Hdf5Attributes.ReadString(modelWeights, "keras_version", file);
            var backend = Hdf5Attributes.ReadString(h5, "backend", file) ?? Hdf5Attributes.ReadString(modelWeights, "backend", file);

            var weights = new LegacyH5WeightStore(h5, modelWeights, parsed, file, stream.Length);
            return new KerasModelFile(file, "hdf5", version, backend, config, weights);
        }
        catch
        {
            h5.Dispose();
            throw;
        }
    }
}
