namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>Reproducible test inputs: SplitMix64 streams, uniform in [0, 1), or integers for embedding indices.</summary>
public sealed class SeededInputs(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A seed derived from a name (FNV-1a), so that each model gets its own stable stream.</summary>
    public static SeededInputs For(string name)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in name)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        return new SeededInputs(h);
    }

    /// <summary>The next value in [0, 1) with 53 random bits.</summary>
    public double NextDouble()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary><paramref name="count"/> float32 values uniform in [0, 1).</summary>
    public float[] Uniform(int count)
    {
        var a = new float[count];
        // Rounding to float can reach 1.0 from just below it; keep the half-open interval.
        for (var i = 0; i < count; i++) a[i] = Math.Min((float)NextDouble(), 0.99999994f);
        return a;
    }

    /// <summary><paramref name="count"/> integers in [0, <paramref name="bound"/>), as floats.</summary>
    public float[] Indices(int count, int bound)
    {
        var a = new float[count];
        for (var i = 0; i < count; i++) a[i] = (int)(NextDouble() * bound);
        return a;
    }
}
