using System.Text.Json;
using PureHDF;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Opens a Keras 3 <c>.keras</c> archive: <c>config.json</c> is the model configuration, <c>metadata.json</c> gives
/// the Keras version, and <c>model.weights.h5</c> is read from memory.
/// </summary>
internal static class KerasArchiveReader
{
    /// <summary>Opens the archive; everything needed is read into memory, so <paramref name="stream"/> is closed.</summary>
    public static KerasModelFile Open(Stream stream, string file)
    {
        KerasArchiveContents contents;
        using (stream) contents = KerasArchive.Read(stream, file);

        var config = KerasModelConfig.Parse(contents.ConfigJson, file, "config.json");
        var version = contents.MetadataJson is null ? null : ReadKerasVersion(contents.MetadataJson, file);

        var weightsFile = WeightsFileName(file);
        var h5Stream = new MemoryStream(contents.WeightsH5, writable: false);
        var h5 = Retarget(file, () =>
        {
            Hdf5Superblock.Validate(h5Stream, weightsFile);
            return Hdf5Guard.Run(weightsFile, "the HDF5 root group", () => H5File.Open(h5Stream, leaveOpen: false));
        });
        var weights = new KerasV3WeightStore(h5, h5, config, file, contents.WeightsH5.Length);
        return new KerasModelFile(file, "keras", version, null, contents.ConfigJson, weights);
    }

    /// <summary>How messages name the weights file inside an archive.</summary>
    public static string WeightsFileName(string archive) => $"{archive}!model.weights.h5";

    /// <summary>
    /// Runs a read of the archive's weights file, whose errors name <c>archive!model.weights.h5</c>, so that they
    /// report the archive itself as their target.
    /// </summary>
    public static T Retarget<T>(string archive, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ModelFormatException e) when (e.Target != archive)
        {
            throw new ModelFormatException(e.ErrorId, e.Message, archive, e.InnerException);
        }
    }

    private static string? ReadKerasVersion(string metadataJson, string file)
    {
        try
        {
            using var metadata = JsonDocument.Parse(metadataJson);
            return metadata.RootElement.ValueKind == JsonValueKind.Object
                   && metadata.RootElement.TryGetProperty("keras_version", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new ModelFormatException("InvalidKerasArchive", $"'{file}': metadata.json is not valid JSON ({e.Message}).", file, e);
        }
    }
}
