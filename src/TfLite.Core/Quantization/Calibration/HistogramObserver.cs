namespace TfLite.Core.Quantization.Calibration;

/// <summary>
/// Base of observers that need the distribution of values: a histogram of <see cref="BinCount"/> equal bins over
/// [-R, R], plus the exact min and max. R starts at the first non-zero absolute maximum and doubles whenever a
/// sample goes beyond it; doubling merges pairs of bins into the middle half, which keeps every count exact.
/// Infinite values fall in the edge bins and never grow the range.
/// </summary>
public abstract class HistogramObserver : IRangeObserver
{
    /// <summary>Number of bins (even, so that 0 is a bin edge).</summary>
    public const int BinCount = 2048;

    private readonly long[] _bins = new long[BinCount];
    private long _zerosBeforeRange;
    private float _min = float.PositiveInfinity, _max = float.NegativeInfinity;

    /// <summary>Half the width of the histogram's range (0 until a non-zero value was seen).</summary>
    protected float HalfRange { get; private set; }

    /// <summary>The bin counts over [-<see cref="HalfRange"/>, <see cref="HalfRange"/>].</summary>
    protected ReadOnlySpan<long> Bins => _bins;

    /// <summary>Smallest value observed.</summary>
    protected float Min => _min;

    /// <summary>Largest value observed.</summary>
    protected float Max => _max;

    /// <inheritdoc/>
    public bool HasValues => _min <= _max;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values)
    {
        var (min, max) = QuantizeKernels.MinMax(values);
        if (min > max) return;
        _min = MathF.Min(_min, min);
        _max = MathF.Max(_max, max);
        float need = MathF.Max(float.IsFinite(min) ? -min : 0f, float.IsFinite(max) ? max : 0f);
        if (HalfRange == 0f)
        {
            if (need == 0f)
            {
                // Only zeros (and infinities) so far: there is no range to bin them in yet.
                foreach (float v in values) if (v == 0f) _zerosBeforeRange++;
                return;
            }
            HalfRange = need;
            _bins[BinCount / 2] += _zerosBeforeRange;
        }
        while (need > HalfRange) Grow();
        QuantizeKernels.Histogram(values, -HalfRange, HalfRange, _bins);
    }

    private void Grow()
    {
        // Old bin i covers [-R + i w, -R + (i + 1) w); with range 2R and width 2w it lands in bin BinCount/4 + i/2.
        var merged = new long[BinCount / 2];
        for (int i = 0; i < BinCount; i++) merged[i / 2] += _bins[i];
        Array.Clear(_bins);
        merged.CopyTo(_bins, BinCount / 4);
        HalfRange *= 2f;
    }

    /// <summary>Lower edge of bin <paramref name="bin"/>.</summary>
    protected float Edge(int bin) => -HalfRange + bin * (2f * HalfRange / BinCount);

    /// <inheritdoc/>
    public (float Min, float Max) Range(int qmin, int qmax)
    {
        if (!HasValues) return (0f, 0f);
        if (HalfRange == 0f) return (_min, _max);
        var (lo, hi) = ChooseRange(qmin, qmax);
        return (MathF.Max(lo, _min), MathF.Min(hi, _max));
    }

    /// <summary>The range chosen from the histogram; the caller clips it to the observed min and max.</summary>
    protected abstract (float Min, float Max) ChooseRange(int qmin, int qmax);
}
