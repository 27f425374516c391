using Google.Protobuf;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>Reads GraphDef (<c>.pb</c>, <c>.pbtxt</c>) and MetaGraphDef (<c>.meta</c>) files, binary or text.</summary>
public static class GraphDefFile
{
    // Protobuf's own cap on one message; TensorFlow refuses larger GraphDefs too.
    private const long MaxFileBytes = int.MaxValue;
    private const int RecursionLimit = 100;

    /// <summary>Reads a GraphDef in binary protobuf or in text format (what <c>str(graph_def)</c> or
    /// <c>tf.io.write_graph(..., as_text=True)</c> writes), whatever its extension.</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated or not a GraphDef.</exception>
    public static GraphDef Read(string path) => Read(path, GraphDef.Parser);

    /// <summary>Reads a MetaGraphDef (<c>model.ckpt.meta</c>), binary or text.</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated or not a MetaGraphDef.</exception>
    public static MetaGraphDef ReadMetaGraph(string path) => Read(path, MetaGraphDef.Parser);

    /// <summary>Reads a message of type <typeparamref name="T"/> in binary or text format.</summary>
    public static T Read<T>(string path, MessageParser<T> parser) where T : IMessage<T>, new()
    {
        var bytes = ReadBytes(path);
        if (TextFormatParser.LooksLikeText(bytes))
            return TextFormatParser.Parse<T>(System.Text.Encoding.UTF8.GetString(bytes), path);
        try
        {
            // A nesting deeper than this is no real graph: refuse it rather than recurse without bound.
            var input = CodedInputStream.CreateWithLimits(new MemoryStream(bytes, writable: false), bytes.Length, RecursionLimit);
            var message = new T();
            message.MergeFrom(input);
            return message;
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelFormatException(TfErrorIds.GraphDefMalformed,
                $"'{path}' is not a valid {typeof(T).Name} (truncated or damaged protobuf: {ex.Message}).", path, ex);
        }
    }

    private static byte[] ReadBytes(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new ModelFormatException(TfErrorIds.FileNotReadable, $"Cannot find the file '{path}'.", path);
            if (info.Length > MaxFileBytes)
                throw new ModelFormatException(TfErrorIds.GraphDefMalformed, $"'{path}' is {info.Length} bytes, more than a protobuf message can hold.", path);
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(TfErrorIds.FileNotReadable, $"Cannot read '{path}': {ex.Message}", path, ex);
        }
    }
}
