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

        var weightsFile = $"{file}!model.weights.h5";
        var h5Stream = new MemoryStream(contents.WeightsH5, writable: false);
        Hdf5Superblock.Validate(h5Stream, weightsFile);
        var h5 = Hdf5Guard.Run(weightsFile, "the HDF5 root group", () => H5File.Open(h5Stream, leaveOpen: false));
        var weights = new KerasV3WeightStore(h5, h5, config, weightsFile, contents.WeightsH5.Length);
        return new KerasModelFile(file, "keras", version, null, contents.ConfigJson, weights);
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
