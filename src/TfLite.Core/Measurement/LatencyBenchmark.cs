using System.Diagnostics;
using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Measurement;

/// <summary>
/// Times repeated runs of a model on fixed inputs, like TFLite's benchmark_model. One interpreter is created and
/// prepared once (shapes inferred, arena planned, weights packed) and reused by every run. Warm-up runs come first
/// and are not counted: .NET compiles a method quickly at first (tier 0), then, once it has been called often
/// enough, again with full optimization and the profile gathered meanwhile (tier 1 with dynamic PGO), in the
/// background; timing before that measures the compiler, not the kernels (<see cref="WarmupTracker"/> says when
/// warm-up may stop). Each timed sample is one
/// <see cref="Interpreter.Interpreter.Invoke"/> only: the input bytes are copied back into the input tensors before
/// it, outside the timed part (the arena may reuse an input's memory once it is consumed), and nothing is allocated
/// inside it. With per-operator timing, the interpreter's timing hook adds up the time of every node.
/// </summary>
public static class LatencyBenchmark
{
    /// <summary>Warm-up runs by default: enough calls of every kernel for .NET's tiered compilation to promote it.</summary>
    public const int DefaultWarmupIterations = 30;

    /// <summary>Minimum warm-up time by default, so that the background tier-1 compilation has finished before timing.</summary>
    public const int DefaultWarmupMilliseconds = 1000;

    /// <summary>Runs the benchmark.</summary>
    /// <param name="graph">The model.</param>
    /// <param name="inputs">The inputs of every run.</param>
    /// <param name="options">Interpreter options (rounding, threads); the timing hook is set here when asked.</param>
    /// <param name="iterations">Timed runs (at least 1).</param>
    /// <param name="warmup">Untimed runs before them (0 for none).</param>
    /// <param name="perOperator">Collect the time of every node.</param>
    /// <param name="progress">Called after each run with (runs done, runs in all).</param>
    /// <param name="warmupMilliseconds">With <paramref name="warmup"/> above 0, warm-up runs go on until this much
    /// time has passed too, and then until .NET has stopped compiling (see <see cref="WarmupTracker"/>).</param>
    public static LatencyReport Run(TfLiteGraph graph, IReadOnlyList<NamedArray> inputs, InterpreterOptions options,
        int iterations, int warmup, bool perOperator, Action<int, int>? progress = null, int warmupMilliseconds = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupMilliseconds);
        var ticks = new long[graph.Main.Operators.Count];
        bool counting = false;
        var timed = perOperator
            ? options with { OperatorTiming = (index, _, elapsed) => { if (counting && index < ticks.Length) ticks[index] += elapsed; } }
            : options;
        var runner = new ModelRunner(graph, timed);
        var interpreter = runner.Interpreter;
        // Inputs are converted once; each run only copies their bytes back.
        runner.SetInputs(inputs);
        var inputBytes = interpreter.Inputs.Select(t => t.Bytes.ToArray()).ToArray();

        var warmupTracker = new WarmupTracker(warmup, warmupMilliseconds);
        while (!warmupTracker.IsDone)
        {
            RestoreInputs(interpreter, inputBytes);
            interpreter.Invoke();
            warmupTracker.Add();
            if (warmupTracker.Runs <= warmup) progress?.Invoke(warmupTracker.Runs, warmup + iterations);
        }
        int warmupRuns = warmupTracker.Runs;
        var samples = new double[iterations];
        counting = true;
        for (int run = 0; run < iterations; run++)
        {
            RestoreInputs(interpreter, inputBytes);
            long start = Stopwatch.GetTimestamp();
            interpreter.Invoke();
            samples[run] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            progress?.Invoke(warmup + run + 1, warmup + iterations);
        }
        var report = new LatencyReport { Statistics = LatencyStatistics.FromSamples(samples), ThreadCount = options.ThreadCount, WarmupRuns = warmupRuns };
        if (!perOperator) return report;
        return new LatencyReport
        {
            Statistics = report.Statistics,
            ThreadCount = report.ThreadCount,
            WarmupRuns = warmupRuns,
            ByNode = ByNode(graph.Main.Operators, ticks, iterations),
            ByOperatorType = ByType(graph.Main.Operators, ticks, iterations),
        };
    }

    private static void RestoreInputs(Interpreter.Interpreter interpreter, byte[][] inputBytes)
    {
        for (int i = 0; i < inputBytes.Length; i++) inputBytes[i].CopyTo(interpreter.Inputs[i].WritableBytes);
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
