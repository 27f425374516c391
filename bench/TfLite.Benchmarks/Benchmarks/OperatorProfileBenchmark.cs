using System.Diagnostics;
using System.Globalization;
using System.Text;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;

namespace TfLite.Benchmarks.Benchmarks;

/// <summary>Where our Invoke spends its time: mean milliseconds per run by operator type, from the interpreter's
/// operator timing hook.</summary>
internal sealed class OperatorProfileBenchmark : IBenchmark
{
    public string Name => "operators";

    public string Description => "per-operator-type time of our Invoke --model PATH [--runs N] [--threads N] [--no-simd] [--nodes]";

    public string Run(BenchmarkArguments args)
    {
        string model = args.Get("model") ?? RepositoryPaths.Shared("conformance", "tflite-micro", "models", "person_detect.tflite");
        int runs = args.GetInt("runs", 50), threads = args.GetInt("threads", 1);
        bool perNode = args.Has("nodes");
        var ticks = new Dictionary<string, long>();
        var counts = new Dictionary<string, int>();
        var cpu = new Dictionary<string, double>();
        bool recording = false;
        double lastCpu = 0;
        var options = new InterpreterOptions
        {
            ThreadCount = threads,
            UseSimd = !args.Has("no-simd"),
            OperatorTiming = (index, op, elapsed) =>
            {
                string code = perNode ? $"{index} {op}" : op.ToString();
                double now = CpuTime.ThreadMs();
                if (recording) cpu[code] = cpu.GetValueOrDefault(code) + (now - lastCpu);
                lastCpu = now;
                if (!recording) return;
                ticks[code] = ticks.GetValueOrDefault(code) + elapsed;
                counts[code] = counts.GetValueOrDefault(code) + 1;
            },
        };
        var interpreter = new Interpreter(TfLiteReader.ReadFile(model), options);
        for (int i = 0; i < 5; i++) interpreter.Invoke();
        recording = true;
        for (int i = 0; i < runs; i++)
        {
            lastCpu = CpuTime.ThreadMs();
            interpreter.Invoke();
        }

        double total = ticks.Values.Sum() * 1000.0 / Stopwatch.Frequency / runs, totalCpu = cpu.Values.Sum() / runs;
        var sb = new StringBuilder();
        sb.AppendLine($"{Path.GetFileName(model)}: {total.ToString("F3", CultureInfo.InvariantCulture)} ms per Invoke, {totalCpu.ToString("F3", CultureInfo.InvariantCulture)} ms CPU ({MachineInfo.Describe()})").AppendLine();
        sb.AppendLine("| operator | count | ms per Invoke | CPU ms per Invoke | share |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (code, t) in ticks.OrderByDescending(kv => kv.Value))
        {
            double ms = t * 1000.0 / Stopwatch.Frequency / runs;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {code} | {counts[code] / runs} | {ms:F3} | {cpu[code] / runs:F3} | {ms / total:P1} |"));
        }
        return sb.ToString().TrimEnd();
    }
}
