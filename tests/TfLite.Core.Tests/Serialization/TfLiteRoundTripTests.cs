using System.Text;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using Xunit;

namespace TfLite.Core.Tests.Serialization;

/// <summary>read → write → read keeps every model of the corpus; writing is deterministic; operator versions and
/// <c>min_runtime_version</c> computed by the writer are the ones TensorFlow's converter wrote.</summary>
public sealed class TfLiteRoundTripTests
{
    [Theory]
    [MemberData(nameof(TfLiteCorpus.AllData), MemberType = typeof(TfLiteCorpus))]
    public void Read_write_read_loses_nothing(string model)
    {
        var original = TfLiteReader.ReadFile(TfLiteCorpus.PathOf(model));
        var bytes = TfLiteWriter.Write(original);
        var reread = TfLiteReader.Read(bytes);

        // What the writer adds by rule: a description, serving_default when there is no signature, and
        // min_runtime_version recomputed; compared separately below.
        var expected = original.Clone();
        expected.Description ??= TfLiteWriter.DefaultDescription;
        if (expected.SignatureDefs.Count == 0) expected.SignatureDefs.Add(ServingDefault(expected));
        expected.Metadata.RemoveAll(m => m.Key == "min_runtime_version");
        var actual = reread.Clone();
        var runtime = actual.Metadata.Single(m => m.Key == "min_runtime_version");
        actual.Metadata.RemoveAll(m => m.Key == "min_runtime_version");
        Assert.Empty(GraphComparer.Differences(expected, actual));

        Assert.Equal("min_runtime_version", reread.Metadata[0].Key);
        Assert.Equal(16, runtime.Value.Length);
        // Writing what was read gives the same bytes again: a fixed point.
        Assert.Equal(bytes, TfLiteWriter.Write(reread));
    }

    [Theory]
    [MemberData(nameof(TfLiteCorpus.AllData), MemberType = typeof(TfLiteCorpus))]
    public void Writing_is_deterministic(string model)
    {
        var graph = TfLiteReader.ReadFile(TfLiteCorpus.PathOf(model));
        Assert.Equal(TfLiteWriter.Write(graph), TfLiteWriter.Write(graph));
        Assert.Equal(TfLiteWriter.Write(graph), TfLiteWriter.Write(graph.Clone()));
    }

    // TensorFlow's MLIR converter versions each operator with TFLite's op_version rules and records the newest
    // runtime they need: with every version cleared, the writer must arrive at the same numbers.
    [Theory]
    [MemberData(nameof(ConvertedByTensorFlow))]
    public void Chooses_the_operator_versions_and_runtime_version_TensorFlow_chose(string model)
    {
        var original = TfLiteReader.ReadFile(TfLiteCorpus.PathOf(model));
        var cleared = original.Clone();
        foreach (var op in cleared.Subgraphs.SelectMany(s => s.Operators)) op.Version = 0;

        var reread = TfLiteReader.Read(TfLiteWriter.Write(cleared));

        Assert.Equal(
            original.Subgraphs.SelectMany(s => s.Operators).Select(o => $"{o.Code} v{o.Version}"),
            reread.Subgraphs.SelectMany(s => s.Operators).Select(o => $"{o.Code} v{o.Version}"));
        Assert.Equal(RuntimeVersion(original), RuntimeVersion(reread));
    }

    public static TheoryData<string> ConvertedByTensorFlow => [.. TfLiteCorpus.All.Where(m =>
        TfLiteReader.ReadFile(TfLiteCorpus.PathOf(m)) is { Description: "MLIR Converted." } g
        && g.Metadata.Any(e => e.Key == "min_runtime_version"))];

    // TensorFlow wrote two entries into some int8 files, the second left empty; runtimes read the first.
    private static string RuntimeVersion(TfLiteGraph graph) =>
        Encoding.ASCII.GetString(graph.Metadata.First(m => m.Key == "min_runtime_version").Value).TrimEnd('\0');

    private static SignatureDef ServingDefault(TfLiteGraph graph)
    {
        var signature = new SignatureDef { Key = "serving_default", SubgraphIndex = 0 };
        signature.Inputs.AddRange(graph.Main.Inputs.Select(t => KeyValuePair.Create(t.Name, t)));
        signature.Outputs.AddRange(graph.Main.Outputs.Select(t => KeyValuePair.Create(t.Name, t)));
        return signature;
    }
}
