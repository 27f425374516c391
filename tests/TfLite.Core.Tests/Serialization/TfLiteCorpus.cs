using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Serialization;

/// <summary>The <c>.tflite</c> files of the shared corpus, named by their path below the shared folder.</summary>
public static class TfLiteCorpus
{
    /// <summary>Every model: tflite-micro's models, the seanet int16 op models and the TF conversions of real Keras models.</summary>
    public static IReadOnlyList<string> All { get; } = Find();

    /// <summary>The models the LiteRT oracle cannot load: their variable (stateful) tensors are not supported by LiteRT.js.</summary>
    public static IReadOnlySet<string> OracleCannotLoad { get; } = new HashSet<string>
    {
        "conformance/tflite-micro/models/keyword_scrambled.tflite",
        "conformance/tflite-micro/models/keyword_scrambled_8bit.tflite",
        "conformance/tflite-micro/models/trained_lstm.tflite",
        "conformance/tflite-micro/models/trained_lstm_int8.tflite",
        "models/iesd-cnn-lstm-k2.10/LSTM.tflite",
    };

    /// <summary>Every model, as theory data.</summary>
    public static TheoryData<string> AllData => [.. All];

    /// <summary>The models converted by TensorFlow from real Keras files and tflite-micro's example models, plus the
    /// first model of each seanet op folder: the models worth a (slower) comparison with the oracle.</summary>
    public static IReadOnlyList<string> RepresentativeModels { get; } = All.Where(IsRepresentative).ToArray();

    /// <summary><see cref="RepresentativeModels"/> as theory data.</summary>
    public static TheoryData<string> Representative => [.. RepresentativeModels];

    /// <summary>Absolute path of a corpus file.</summary>
    public static string PathOf(string relative) => SharedData.Path(relative.Split('/'));

    private static bool IsRepresentative(string relative) =>
        !relative.Contains("/seanet/", StringComparison.Ordinal)
        || Path.GetFileNameWithoutExtension(relative) == Path.GetFileName(Path.GetDirectoryName(relative)) + "0";

    private static string[] Find()
    {
        string[] roots = [Path.Combine("conformance", "tflite-micro", "models"), Path.Combine("conformance", "tflite-micro", "seanet"), "models"];
        return roots
            .SelectMany(r => Directory.EnumerateFiles(SharedData.Path(r), "*.tflite", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(SharedData.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
