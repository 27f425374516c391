using Google.FlatBuffers;
using TfLite.Core.Graph;
using TfLite.Core.Serialization.Options;
using TfLite.Core.Serialization.Verification;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Reading;

/// <summary>Checks a whole file before anything reads it (header, identifier, every table and vector in bounds,
/// schema version), then maps it. Every problem becomes a <see cref="ModelFormatException"/> naming the file.</summary>
internal static class ModelLoader
{
    private const string FileIdentifier = "TFL3";
    private const int HeaderSize = 8;
    private const uint SchemaVersion = 3;

    /// <summary>Verifies and maps a model file's bytes.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a valid, supported TFLite model.</exception>
    public static TfLiteGraph Load(byte[] file, string? sourcePath)
    {
        var name = sourcePath ?? "TFLite model in memory";
        if (file.Length < HeaderSize)
            throw Error(TfLiteErrorIds.TruncatedFile, $"{name}: holds {file.Length} bytes, fewer than the {HeaderSize} of a flatbuffer header.", sourcePath);
        var identifier = file.AsSpan(4, 4);
        if (!identifier.SequenceEqual("TFL3"u8))
            throw Error(TfLiteErrorIds.InvalidFile,
                $"{name}: not a TFLite model: its file identifier is {Printable(identifier)} instead of \"{FileIdentifier}\".", sourcePath);

        var buffer = new ByteBuffer(file);
        var verifier = new FlatBufferVerifier(buffer);
        if (!verifier.VerifyBuffer(FileIdentifier, false, Fb.ModelVerify.Verify))
            throw verifier.FailureIsOutOfBounds
                ? Error(TfLiteErrorIds.TruncatedFile, $"{name}: the flatbuffer is truncated: {verifier.Failure}.", sourcePath)
                : Error(TfLiteErrorIds.InvalidFile, $"{name}: the flatbuffer is malformed: {verifier.Failure}.", sourcePath);

        var model = Fb.Model.GetRootAsModel(buffer);
        if (model.Version != SchemaVersion)
            throw Error(TfLiteErrorIds.UnsupportedSchema, $"{name}: schema version {model.Version} is not supported; only {SchemaVersion} is.", sourcePath);
        try
        {
            return ModelMapper.Map(file, model, sourcePath);
        }
        catch (SchemaMappingException e)
        {
            throw Error(e.ErrorId, $"{name}: {e.Message}.", sourcePath, e);
        }
    }

    private static ModelFormatException Error(string errorId, string message, string? file, Exception? inner = null) =>
        new(errorId, message, file, inner);

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        "0x" + Convert.ToHexString(bytes);
}
