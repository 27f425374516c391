namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>A weight array to write into a test Keras file.</summary>
/// <param name="Name">Short Keras name (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...).</param>
/// <param name="Shape">Keras shape.</param>
/// <param name="Values">Row-major values; their count must match the shape.</param>
public sealed record TestWeight(string Name, int[] Shape, float[] Values)
{
    /// <summary>A weight filled with reproducible pseudo-random values in [-1, 1).</summary>
    public static TestWeight Random(string name, int[] shape, int seed)
    {
        var rng = new Random(seed);
        var values = new float[shape.Aggregate(1, (n, d) => n * d)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        return new TestWeight(name, shape, values);
    }

    /// <summary>Checks that the values fit the shape.</summary>
    public void Validate()
    {
        var count = Shape.Aggregate(1, (n, d) => n * d);
        if (count != Values.Length)
            throw new ArgumentException($"Weight '{Name}' has shape [{string.Join(",", Shape)}] but {Values.Length} values.");
    }
}
