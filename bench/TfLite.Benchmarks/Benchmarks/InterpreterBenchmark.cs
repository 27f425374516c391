using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Measurement;
using TfLite.Core.Serialization;

namespace TfLite.Benchmarks.Benchmarks;

/// <summary>
/// Mean latency of one Invoke of our interpreter against LiteRT.js (XNNPACK, WASM) on the same models and the same
/// inputs, with the ratio ours / LiteRT.
/// </summary>
internal sealed class InterpreterBenchmark : IBenchmark
{
    internal sealed record Case(string Label, string[] Path, bool FixQuantDim = false);

    internal static readonly Case[] Cases =
    [
        new("person_detect (int8 MobileNet)", ["conformance", "tflite-micro", "models", "person_detect.tflite"], FixQuantDim: true),
        new("dog detector (int8 MobileNet)", ["models", "kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector_int8.tflite"]),
        new("dog detector (float MobileNet)", ["models", "kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.tflite"]),
        new("MNIST CNN (float)", ["models", "jemimav-mnist-cnn-k2.10", "model.tflite"]),
    ];

    public string Name => "interpreter";

    public string Description =>
        "our Invoke vs LiteRT.js on int8 and float CNNs [--runs N] [--warmup N] [--threads N] [--model SUBSTRING]";

    public string Run(BenchmarkArguments args)
    {
        int runs = args.GetInt("runs", 200), warmup = args.GetInt("warmup", 10), threads = args.GetInt("threads", 1);
        string? filter = args.Get("model");
        var sb = new StringBuilder();
        sb.AppendLine($"Machine: {MachineInfo.Describe()}").AppendLine();
        sb.AppendLine($"{runs} runs after {warmup} warm-up runs, one input, ours with ThreadCount {threads}, LiteRT.js one thread. " +
                      "Wall-clock mean and median per run, and CPU time per run (ours: the thread's; LiteRT: the node " +
                      "process's, less a process doing only the warm-up runs).").AppendLine();
        sb.AppendLine("| model | ours mean | ours median | ours CPU | LiteRT mean | LiteRT median | LiteRT CPU | ours / LiteRT mean | median | CPU | max abs output diff |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in Cases.Where(c => filter is null || c.Label.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            string model = RepositoryPaths.Shared(c.Path);
            Console.Error.WriteLine($"[interpreter] {c.Label}: {model}");
            var (ours, ourCpu, ourOutput, input) = TimeOurs(model, runs, warmup, threads);
            var (liteRtRuns, liteRtOutput, liteRtCpu) = LiteRtOracle.Time(model, [input], runs, warmup, c.FixQuantDim);
            var theirs = LatencyStats.Of(liteRtRuns);
            double diff = ourOutput.Zip(liteRtOutput, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Label} | {ours.Mean:F3} | {ours.Median:F3} | {Cpu(ourCpu)} | {theirs.Mean:F3} | {theirs.Median:F3} | {Cpu(liteRtCpu)} | " +
                $"{ours.Mean / theirs.Mean:F2} | {ours.Median / theirs.Median:F2} | {(CpuTime.IsAvailable && threads == 1 ? (ourCpu / liteRtCpu).ToString("F2", CultureInfo.InvariantCulture) : "n/a")} | {diff:G4} |"));
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>A CPU time per run, or n/a where there is none or a difference of two processes' times came out at
    /// zero or below (noise of a loaded machine larger than the runs measured).</summary>
    internal static string Cpu(double ms) => CpuTime.IsAvailable && ms > 0 ? ms.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Times our Invoke; the CPU time is the calling thread's (other threads' work is not in it). With
    /// <paramref name="warmupMilliseconds"/>, warm-up is Measure-TfLiteModel's (<see cref="WarmupTracker"/>).</summary>
    internal static (LatencyStats Stats, double CpuMsPerRun, double[] Output, JsonObject Input) TimeOurs(string model, int runs, int warmup, int threads,
        int warmupMilliseconds = 0)
    {
        var graph = TfLiteReader.ReadFile(model);
        var interpreter = new Interpreter(graph, new InterpreterOptions { ThreadCount = threads });
        var input = interpreter.Inputs[0];
        var rng = new Random(1234);
        JsonObject json;
        Action setInput;
        switch (input.Type)
        {
            case TensorType.Int8:
                var q = new sbyte[input.ElementCount];
                for (int i = 0; i < q.Length; i++) q[i] = (sbyte)rng.Next(-128, 128);
                setInput = () => interpreter.SetInput<sbyte>(0, q);
                json = LiteRtOracle.Input(q);
                break;
            case TensorType.Float32:
                var f = new float[input.ElementCount];
                for (int i = 0; i < f.Length; i++) f[i] = rng.NextSingle();
                setInput = () => interpreter.SetInput<float>(0, f);
                json = LiteRtOracle.Input(f);
                break;
            default:
                throw new NotSupportedException($"{model}: input type {input.Type} is not generated by this benchmark.");
        }
        // The arena planner (as TFLite Micro's) may reuse an input's memory once it is consumed, so the input is set
        // again before every run, outside the timed part.
        // As Measure-TfLiteModel warms up; without a minimum time, exactly `warmup` runs as before.
        var warmupTracker = new WarmupTracker(warmup, warmupMilliseconds);
        while (warmupMilliseconds > 0 ? !warmupTracker.IsDone : warmupTracker.Runs < warmup)
        {
            setInput();
            interpreter.Invoke();
            warmupTracker.Add();
        }
        var times = new double[runs];
        double cpu = 0;
        for (int i = 0; i < runs; i++)
        {
            setInput();
            double cpuStart = CpuTime.ThreadMs();
            long start = Stopwatch.GetTimestamp();
            interpreter.Invoke();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu += CpuTime.ThreadMs() - cpuStart;
        }
        double[] output = interpreter.Outputs[0].Type switch
        {
            TensorType.Int8 => interpreter.GetOutput<sbyte>(0).ToArray().Select(v => (double)v).ToArray(),
            TensorType.Float32 => interpreter.GetOutput<float>(0).ToArray().Select(v => (double)v).ToArray(),
            var t => throw new NotSupportedException($"{model}: output type {t} is not compared by this benchmark."),
        };
        return (LatencyStats.Of(times), cpu / runs, output, json);
    }
}
