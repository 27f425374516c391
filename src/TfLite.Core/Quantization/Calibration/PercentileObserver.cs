namespace TfLite.Core.Quantization.Calibration;

/// <summary>
/// Clips both tails of the distribution: the range runs from the (100 - p)th to the p-th percentile of all observed
/// values, read from the histogram at bin edges (rounded outwards), then clipped to the observed min and max.
/// </summary>
public sealed class PercentileObserver : HistogramObserver
{
    /// <summary>The default percentile, 99.99.</summary>
    public const double DefaultPercentile = 99.99;

    private readonly double _percentile;

    /// <summary>Creates the observer for percentile <paramref name="percentile"/> in (50, 100].</summary>
    public PercentileObserver(double percentile = DefaultPercentile)
    {
        if (!(percentile > 50 && percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must lie in (50, 100].");
        _percentile = percentile;
    }

    /// <inheritdoc/>
    protected override (float Min, float Max) ChooseRange(int qmin, int qmax)
    {
        var bins = Bins;
        long total = 0;
        foreach (long c in bins) total += c;
        double tail = total * (100 - _percentile) / 100;
        // Lowest bin whose cumulative count from below exceeds the tail; highest such bin from above.
        int lo = 0, hi = bins.Length - 1;
        for (long below = 0; lo < bins.Length - 1 && below + bins[lo] <= tail; lo++) below += bins[lo];
        for (long above = 0; hi > 0 && above + bins[hi] <= tail; hi--) above += bins[hi];
        return (Edge(lo), Edge(hi + 1));
    }
}
