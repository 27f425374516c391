using TfLite.Core.Tests.Conformance.Harness;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.KerasReference;
using Xunit;

namespace TfLite.Core.Tests.Conformance.Reference;

/// <summary>
/// Proves the reference evaluator itself: on every real model that TensorFlow converted to float, the reference and
/// TensorFlow's .tflite run in LiteRT agree on seeded random inputs.
/// </summary>
public sealed class KerasReferenceCrossCheckTests
{
    /// <summary>Samples above this many input values per sample are fewer, to keep the float64 loops short.</summary>
    private const int LargeSample = 100_000;

    public static TheoryData<string> PairedModels =>
        new(RealModelCorpus.All.Where(c => c.TfFloatPath is not null && !TfFileDoesNotLoad(c)).Select(c => c.Id));

    /// <summary>TensorFlow's fused LSTM keeps its state in variable tensors, which LiteRT.js refuses to load.</summary>
    private static bool TfFileDoesNotLoad(RealModelCase c) => c.Id == "iesd-cnn-lstm-k2.10";

    [Theory]
    [MemberData(nameof(PairedModels))]
    public void Reference_agrees_with_tensorflows_float_tflite(string id)
    {
        var model = RealModelCorpus.Get(id);
        var reference = KerasReferenceModel.Load(model.KerasPath);
        var tf = OracleRunner.Describe(model.TfFloatPath!);
        var order = SignatureIo.Match(tf.Inputs.Select(i => (i.Name, i.TensorName ?? "")).ToList(), reference.Inputs.Select(i => i.Name).ToList());
        var perSample = reference.Inputs.Sum(i => i.Shape.Aggregate(1, (a, d) => a * (d ?? 1)));
        var samples = perSample > LargeSample ? 3 : ConformanceRunner.Samples;
        var inputs = SampleInputs.Make("reference-" + id, reference, samples, k => tf.Inputs[order[k]].Shape);

        var truth = OracleBatch.Run(model.TfFloatPath!, tf.Inputs.Select(ModelInput.Of).ToList(), SampleInputs.Reorder(inputs, order), samples,
            perSampleFallback: true);
        var ours = ConformanceRunner.RunReference(reference, inputs, samples);

        var cmp = OutputComparison.Of(ours, truth);
        Assert.Null(cmp.Problem);
        Assert.True(cmp.Passes, $"{id}: reference vs TF max scaled diff {cmp.MaxScaledDiff:G4} (abs {cmp.MaxAbsDiff:G4})");
    }
}
