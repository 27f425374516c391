namespace TfLite.Benchmarks;

/// <summary>Mean, median and minimum of a series of run times in milliseconds.</summary>
internal readonly record struct LatencyStats(double Mean, double Median, double Min, int Runs)
{
    public static LatencyStats Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0) throw new ArgumentException("No runs were timed.", nameof(milliseconds));
        var sorted = milliseconds.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new LatencyStats(sorted.Average(), median, sorted[0], sorted.Length);
    }
}
