using TfLite.Core.Tests.Infrastructure.KerasReference;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>The seeded inputs of a conformance run, in Keras input order.</summary>
public static class SampleInputs
{
    /// <summary>Uniform [0, 1) values (integer indices for inputs feeding an Embedding) for each Keras input.
    /// Open dims other than batch take the size from <paramref name="modelShape"/> (the converted model's placeholder
    /// shape of Keras input k, batch first).</summary>
    public static List<BatchInput> Make(string seedName, KerasReferenceModel reference, int samples, Func<int, int[]> modelShape)
    {
        var rng = SeededInputs.For(seedName);
        return reference.Inputs.Select((spec, k) =>
        {
            var shape = spec.Shape.Select((d, i) => d ?? At(modelShape(k), i + 1)).ToArray();
            var count = samples * shape.Aggregate(1, (a, d) => a * d);
            var values = spec.EmbeddingInputDim is { } bound ? rng.Indices(count, bound) : rng.Uniform(count);
            return new BatchInput(shape, values.Select(v => (double)v).ToArray());
        }).ToList();
    }

    private static int At(int[] shape, int i) => i < shape.Length && shape[i] > 0 ? shape[i] : 1;

    /// <summary>Keras-ordered inputs placed at a model's positions: <paramref name="order"/>[k] is where Keras input k goes.</summary>
    public static List<BatchInput> Reorder(IReadOnlyList<BatchInput> kerasInputs, int[] order)
    {
        var placed = new BatchInput[kerasInputs.Count];
        for (var k = 0; k < order.Length; k++) placed[order[k]] = kerasInputs[k];
        return placed.ToList();
    }
}
