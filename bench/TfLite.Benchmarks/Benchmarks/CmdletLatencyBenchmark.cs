using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TfLite.Core.Measurement;

namespace TfLite.Benchmarks.Benchmarks;

/// <summary>
/// Latency as users get it, in one run: for each model of <see cref="InterpreterBenchmark.Cases"/>, (a) our
/// interpreter through the cmdlet path (the module of out/ in a pwsh process, <c>Measure-TfLiteModel -Latency</c>),
/// (b) our interpreter through this harness in-process and (c) LiteRT.js through the oracle; median wall time, CPU
/// time per run and the ratios ours / LiteRT.
/// </summary>
internal sealed class CmdletLatencyBenchmark : IBenchmark
{
    // Measure-TfLiteModel's result, reduced to what the table needs, as one JSON line on stdout.
    private const string MeasureScript = """
        param([string] $Module, [string] $Model, [int] $Iterations, [int] $WarmupIterations, [int] $ThreadCount)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $m = Measure-TfLiteModel -LiteralPath $Model -Latency -Iterations $Iterations -WarmupIterations $WarmupIterations -ThreadCount $ThreadCount
        [pscustomobject]@{ Median = $m.Latency.Statistics.Median; Mean = $m.Latency.Statistics.Mean; Count = $m.Latency.Statistics.Count; WarmupRuns = $m.Latency.WarmupRuns } |
            ConvertTo-Json -Compress
        """;

    public string Name => "latency";

    public string Description =>
        "cmdlet path (Measure-TfLiteModel in pwsh) vs harness vs LiteRT.js [--runs N] [--rounds N] [--warmup N] [--threads N] [--model SUBSTRING]";

    public string Run(BenchmarkArguments args)
    {
        int runs = args.GetInt("runs", 200), threads = args.GetInt("threads", 1), rounds = args.GetInt("rounds", 3);
        int warmup = args.GetInt("warmup", LatencyBenchmark.DefaultWarmupIterations);
        string? filter = args.Get("model");
        string module = RepositoryPaths.BuiltModuleManifest();
        string script = Path.Combine(Directory.CreateTempSubdirectory("tflite-bench-").FullName, "measure.ps1");
        File.WriteAllText(script, MeasureScript);

        var sb = new StringBuilder();
        sb.AppendLine($"Machine: {MachineInfo.Describe()}").AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{runs} timed runs per model and round, one input, {rounds} rounds of (a), (b) and (c) one after the other, so that a change in " +
            $"the machine's load falls on all three; each figure is the median over the rounds, and the last column gives the lowest and " +
            $"highest per-round ratio (a)/(c). Ours with ThreadCount {threads}: (a) `Measure-TfLiteModel -Latency` of {module} in a " +
            $"`dotnet pwsh` process, after its warm-up (at least {warmup} runs and {LatencyBenchmark.DefaultWarmupMilliseconds} ms, then until .NET stops compiling); " +
            $"(b) this harness in-process, the same warm-up; (c) LiteRT.js one thread, after {warmup} warm-up runs. Median wall time per run " +
            $"in ms; CPU time per run in ms: (a) the pwsh process's less that of a pwsh process doing one timed run, over the " +
            $"difference in runs, (b) the calling thread's, (c) the node process's less one doing only the warm-up runs.")).AppendLine();
        sb.AppendLine("| model | (a) cmdlet median | (a) CPU | (b) harness median | (b) CPU | (c) LiteRT median | (c) CPU | (a)/(c) median | (a)/(c) CPU | (b)/(c) median | (b)/(c) CPU | (a)/(c) per round |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var c in InterpreterBenchmark.Cases.Where(c => filter is null || c.Label.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            string model = RepositoryPaths.Shared(c.Path);
            Console.Error.WriteLine($"[latency] {c.Label}: {model}");
            var rows = new List<Round>();
            for (int round = 0; round < rounds; round++)
            {
                var (cmdletMedian, cmdletCpu) = TimeCmdlet(script, module, model, runs, warmup, threads);
                var (harness, harnessCpu, _, input) = InterpreterBenchmark.TimeOurs(model, runs, warmup, threads, LatencyBenchmark.DefaultWarmupMilliseconds);
                var (liteRtRuns, _, liteRtCpu) = LiteRtOracle.Time(model, [input], runs, warmup, c.FixQuantDim);
                rows.Add(new Round(cmdletMedian, cmdletCpu, harness.Median, harnessCpu, LatencyStats.Of(liteRtRuns).Median, liteRtCpu));
            }
            double M(Func<Round, double> f) => LatencyStats.Of(rows.Select(f).ToArray()).Median;
            var perRound = rows.Select(r => r.Cmdlet / r.LiteRt).ToArray();
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Label} | {M(r => r.Cmdlet):F3} | {InterpreterBenchmark.Cpu(M(r => r.CmdletCpu))} | {M(r => r.Harness):F3} | {InterpreterBenchmark.Cpu(M(r => r.HarnessCpu))} | " +
                $"{M(r => r.LiteRt):F3} | {InterpreterBenchmark.Cpu(M(r => r.LiteRtCpu))} | {M(r => r.Cmdlet / r.LiteRt):F2} | {Ratio(M(r => r.CmdletCpu), M(r => r.LiteRtCpu))} | " +
                $"{M(r => r.Harness / r.LiteRt):F2} | {Ratio(M(r => r.HarnessCpu), M(r => r.LiteRtCpu))} | {perRound.Min():F2}-{perRound.Max():F2} |"));
        }
        sb.AppendLine().AppendLine($"Load average at the end: {MachineInfo.LoadAverageNow() ?? "n/a"}");
        Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        return sb.ToString().TrimEnd();
    }

    /// <summary>One round's medians (ms) and CPU times per run (ms) of (a) the cmdlet, (b) the harness, (c) LiteRT.</summary>
    private sealed record Round(double Cmdlet, double CmdletCpu, double Harness, double HarnessCpu, double LiteRt, double LiteRtCpu);

    private static string Ratio(double ours, double theirs) =>
        CpuTime.IsAvailable && ours > 0 && theirs > 0 ? (ours / theirs).ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Median wall time reported by the cmdlet, and CPU time per run of the pwsh process: that of a process
    /// timing <paramref name="runs"/> runs less that of one timing one run, over the difference in runs made
    /// (warm-up included, since its length depends on time).</summary>
    private static (double MedianMs, double CpuMsPerRun) TimeCmdlet(string script, string module, string model, int runs, int warmup, int threads)
    {
        var (full, fullCpu) = MeasureInPwsh(script, module, model, runs, warmup, threads);
        var (baseline, baselineCpu) = MeasureInPwsh(script, module, model, 1, warmup, threads);
        int extraRuns = Count(full) + WarmupRuns(full) - Count(baseline) - WarmupRuns(baseline);
        double cpu = extraRuns > 0 ? (fullCpu - baselineCpu) / extraRuns : 0;
        return (full["Median"]!.GetValue<double>(), cpu);
    }

    private static int Count(JsonNode result) => result["Count"]!.GetValue<int>();

    private static int WarmupRuns(JsonNode result) => result["WarmupRuns"]!.GetValue<int>();

    private static (JsonNode Result, double CpuMs) MeasureInPwsh(string script, string module, string model, int runs, int warmup, int threads)
    {
        double before = CpuTime.ChildrenMs();
        var result = ChildProcess.RunPwshScript(script,
            ["-Module", module, "-Model", model, "-Iterations", Invariant(runs), "-WarmupIterations", Invariant(warmup), "-ThreadCount", Invariant(threads)]);
        return (result, CpuTime.ChildrenMs() - before);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
