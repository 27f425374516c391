namespace TfLite.Core.Measurement;

/// <summary>Summary of run times in milliseconds, as TFLite's benchmark_model reports them: the first run, then
/// min, mean, median, p90, p99 (nearest-rank percentiles), max and the population standard deviation.</summary>
public sealed record LatencyStatistics(int Count, double First, double Min, double Mean, double Median, double P90,
    double P99, double Max, double StdDev)
{
    /// <summary>Statistics of the samples, in the order they were measured.</summary>
    public static LatencyStatistics FromSamples(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0) throw new ArgumentException("At least one sample is needed.", nameof(milliseconds));
        var sorted = milliseconds.Order().ToArray();
        double mean = sorted.Average();
        double variance = sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length;
        return new LatencyStatistics(sorted.Length, milliseconds[0], sorted[0], mean, Percentile(sorted, 50),
            Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1], Math.Sqrt(variance));
    }

    /// <summary>Nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below it.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>Time spent in one operator type or one node, summed over the measured runs and averaged per run.</summary>
/// <param name="Name">Operator name (<c>CONV_2D</c>) or node label (<c>3: CONV_2D</c>).</param>
/// <param name="Count">Nodes of that type (1 for a node).</param>
/// <param name="Milliseconds">Average time per run.</param>
/// <param name="Percent">Share of the time of all operators.</param>
public sealed record OperatorTime(string Name, int Count, double Milliseconds, double Percent);

/// <summary>Latency of a model: whole-run statistics, and optionally the time per operator type and per node.</summary>
public sealed class LatencyReport
{
    /// <summary>Statistics of the measured runs (warm-up runs excluded).</summary>
    public required LatencyStatistics Statistics { get; init; }

    /// <summary>Time per operator type, largest first (empty without per-operator timing).</summary>
    public IReadOnlyList<OperatorTime> ByOperatorType { get; init; } = [];

    /// <summary>Time per node in execution order (empty without per-operator timing).</summary>
    public IReadOnlyList<OperatorTime> ByNode { get; init; } = [];

    /// <summary>Threads the kernels used.</summary>
    public int ThreadCount { get; init; }

    /// <summary>Untimed runs made before the timed ones.</summary>
    public int WarmupRuns { get; init; }
}
