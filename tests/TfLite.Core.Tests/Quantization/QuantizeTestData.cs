namespace TfLite.Core.Tests.Quantization;

/// <summary>Random float data salted with the values quantization kernels get wrong: exact .5 ties of the
/// quantization step, NaN, ±Inf, signed zeros, values far outside the quantized range.</summary>
internal static class QuantizeTestData
{
    public static readonly int[] Sizes = [.. Enumerable.Range(0, 66), 95, 96, 97, 127, 128, 129, 255, 256, 257];

    public static float[] Floats(int n, float scale, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.Next(12) switch
            {
                0 => float.NaN,
                1 => rng.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity,
                2 => (rng.Next(-300, 300) + 0.5f) * scale,
                3 => rng.Next(2) == 0 ? 0f : -0f,
                4 => (float)(rng.NextDouble() - 0.5) * 1e9f,
                5 => (rng.Next(-40000, 40000) + 0.5f) * scale,
                6 => BitConverter.Int32BitsToSingle(rng.Next()) * (rng.Next(2) == 0 ? 1 : -1),
                _ => (float)(rng.NextDouble() * 2 - 1) * 200f * scale,
            };
        }
        return x;
    }

    public static T[] Integers<T>(int n, int seed, Func<Random, T> next)
    {
        var rng = new Random(seed);
        var q = new T[n];
        for (int i = 0; i < n; i++) q[i] = next(rng);
        return q;
    }
}
