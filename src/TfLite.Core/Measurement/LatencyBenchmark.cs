using System.Diagnostics;
using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Measurement;

/// <summary>Times repeated runs of a model on fixed inputs, like TFLite's benchmark_model: warm-up runs first
/// (not counted), then <c>iterations</c> timed runs; with per-operator timing, the interpreter's timing hook adds
/// up the time of every node.</summary>
public static class LatencyBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="graph">The model.</param>
    /// <param name="inputs">The inputs of every run.</param>
    /// <param name="options">Interpreter options (rounding, threads); the timing hook is set here when asked.</param>
    /// <param name="iterations">Timed runs (at least 1).</param>
    /// <param name="warmup">Untimed runs before them.</param>
    /// <param name="perOperator">Collect the time of every node.</param>
    /// <param name="progress">Called after each run with (runs done, runs in all).</param>
    public static LatencyReport Run(TfLiteGraph graph, IReadOnlyList<NamedArray> inputs, InterpreterOptions options,
        int iterations, int warmup, bool perOperator, Action<int, int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        var ticks = new long[graph.Main.Operators.Count];
        bool counting = false;
        var timed = perOperator
            ? options with { OperatorTiming = (index, _, elapsed) => { if (counting && index < ticks.Length) ticks[index] += elapsed; } }
            : options;
        var runner = new ModelRunner(graph, timed);
        var samples = new double[iterations];
        int total = warmup + iterations;
        for (int run = 0; run < total; run++)
        {
            // The planner lets later tensors reuse an input's memory once it is consumed, as TFLite Micro does, so
            // every run gets its inputs again (outside the timed part) rather than computing on what is left there.
            runner.SetInputs(inputs);
            counting = run >= warmup;
            long start = Stopwatch.GetTimestamp();
            runner.Interpreter.Invoke();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (counting) samples[run - warmup] = ms;
            progress?.Invoke(run + 1, total);
        }
        var report = new LatencyReport { Statistics = LatencyStatistics.FromSamples(samples), ThreadCount = options.ThreadCount };
        if (!perOperator) return report;
        return new LatencyReport
        {
            Statistics = report.Statistics,
            ThreadCount = report.ThreadCount,
            ByNode = ByNode(graph.Main.Operators, ticks, iterations),
            ByOperatorType = ByType(graph.Main.Operators, ticks, iterations),
        };
    }

    private static List<OperatorTime> ByNode(IReadOnlyList<Operator> ops, long[] ticks, int runs)
    {
        double all = Math.Max(ticks.Sum(), 1);
        return ops.Select((op, i) => new OperatorTime($"{i}: {OperatorNames.Of(op)}", 1, Milliseconds(ticks[i], runs), 100.0 * ticks[i] / all)).ToList();
    }

    private static List<OperatorTime> ByType(IReadOnlyList<Operator> ops, long[] ticks, int runs)
    {
        double all = Math.Max(ticks.Sum(), 1);
        return ops.Select((op, i) => (Name: OperatorNames.Of(op), Ticks: ticks[i]))
            .GroupBy(x => x.Name)
            .Select(g => new OperatorTime(g.Key, g.Count(), Milliseconds(g.Sum(x => x.Ticks), runs), 100.0 * g.Sum(x => x.Ticks) / all))
            .OrderByDescending(t => t.Milliseconds).ToList();
    }

    private static double Milliseconds(long ticks, int runs) => ticks * 1000.0 / Stopwatch.Frequency / runs;
}
