using TfLite.Core.Tests.Infrastructure.KerasReference;
using Xunit;

namespace TfLite.Core.Tests.Conformance.Synthetic;

/// <summary>The synthetic models' configs are readable in both Keras spellings and compute the same thing.</summary>
public sealed class SyntheticCatalogTests
{
    public static TheoryData<string> Names => new(SyntheticCatalog.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Keras_2_and_3_configs_evaluate_alike(string name)
    {
        var outputs = new List<IReadOnlyList<RefTensor>>();
        foreach (var major in new[] { 2, 3 })
        {
            var model = SyntheticCatalog.Cases[name](major);
            var weights = model.Weights(major).ToDictionary(p => p.Key, p => p.Value);
            var reference = KerasReferenceModel.FromConfig(model.ConfigJson(major), path => weights.GetValueOrDefault(string.Join("/", path), []), major);
            var inputs = reference.Inputs.Select((spec, i) =>
            {
                var shape = spec.Shape.Select(d => d!.Value).ToArray();
                var n = shape.Aggregate(2, (a, d) => a * d);
                var data = Enumerable.Range(0, n).Select(k => spec.EmbeddingInputDim is { } dim ? (k * 7 + i) % dim : ((k * 37 + i * 11) % 101) / 101.0).ToArray();
                return new RefTensor([2, .. shape], data);
            }).ToArray();
            outputs.Add(reference.Predict(inputs));
        }
        // Keras 3 adds hard_silu to the activations model; hard_sigmoid changes its formula between the versions.
        var hardSigmoid = name == "activations" ? 4 : -1;
        for (var o = 0; o < outputs[0].Count; o++)
        {
            Assert.Equal(outputs[0][o].Shape, outputs[1][o].Shape);
            if (o == hardSigmoid) Assert.NotEqual(outputs[0][o].Data, outputs[1][o].Data);
            else Assert.Equal(outputs[0][o].Data, outputs[1][o].Data);
        }
    }
}
