namespace TfLite.Core.Quantization.Optimization;

/// <summary>Accumulates the signal-to-noise ratio of an approximation against a reference, over many arrays.</summary>
public sealed class SignalToNoise
{
    private double _signal;
    private double _noise;
    private double _maxError;

    /// <summary>Adds one pair of arrays of the same length.</summary>
    public void Add(ReadOnlySpan<float> reference, ReadOnlySpan<float> approximation)
    {
        if (reference.Length != approximation.Length)
            throw new ArgumentException($"The arrays differ in length ({reference.Length} and {approximation.Length}).", nameof(approximation));
        for (var i = 0; i < reference.Length; i++)
        {
            double r = reference[i], e = r - approximation[i];
            _signal += r * r;
            _noise += e * e;
            _maxError = Math.Max(_maxError, Math.Abs(e));
        }
    }

    /// <summary>10·log10(Σ reference² / Σ (reference − approximation)²) in dB; +∞ for an exact match.</summary>
    public double Decibels => _noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(_signal / _noise);

    /// <summary>The largest absolute difference seen.</summary>
    public double MaxAbsError => _maxError;
}
