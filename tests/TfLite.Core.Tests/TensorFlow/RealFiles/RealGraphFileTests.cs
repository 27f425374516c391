using TfLite.Core.Tests.Conformance;
using TfLite.Core.Tests.Conformance.Harness;
using Xunit;

namespace TfLite.Core.Tests.TensorFlow.RealFiles;

/// <summary>
/// Every frozen GraphDef (binary or protobuf text) and MetaGraph + checkpoint of <c>tests/data/tf</c> (written by real TensorFlow, see the
/// folders' SOURCE.md) converts, exports, runs in LiteRT, agrees with our interpreter, and matches TensorFlow's own
/// float .tflite of the same model run in LiteRT, or a float64 evaluation of the graph where TensorFlow's file is
/// absent, to 1e-4 relative on 20 seeded inputs. A quantization-aware graph has no float truth; its quantized file is
/// held to TensorFlow's in <see cref="RealQatGraphTests"/>. Results feed docs/conversion-report.md.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class RealGraphFileTests
{
    public static TheoryData<string> Graphs => new(RealTfCorpus.Graphs.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Converts_and_matches_the_truth(string id)
    {
        var model = RealTfCorpus.Get(id);
        var graph = TfOpTypes.ReadGraph(model.Path);
        TruthFunction? reference = model.IsFloatFrozenGraphDef ? (_, inputs, samples) => Evaluate(model, inputs, samples) : null;
        ModelConformance.Assert(TfGraphConformance.Check(model, TfOpTypes.Reachable(graph, model.OutputNames, model.InputNames), reference));
    }

    /// <summary>The float64 reference on the whole batch: one row per sample.</summary>
    private static IReadOnlyList<BatchOutput> Evaluate(RealTfCase model, IReadOnlyList<BatchInput> inputs, int samples)
    {
        var input = Assert.Single(inputs);
        var features = input.Values.Length / samples;
        var batch = new double[samples, features];
        for (var s = 0; s < samples; s++)
            for (var f = 0; f < features; f++) batch[s, f] = input.Values[s * features + f];
        var y = GraphDefReference.Load(model.Path).Evaluate(model.InputNames[0], batch, model.OutputNames[0]);
        var values = new double[y.Length];
        for (var s = 0; s < y.GetLength(0); s++)
            for (var c = 0; c < y.GetLength(1); c++) values[s * y.GetLength(1) + c] = y[s, c];
        return [new BatchOutput(y.GetLength(1) == 1 && input.SampleShape.Length == 0 ? [] : [y.GetLength(1)], values)];
    }
}
