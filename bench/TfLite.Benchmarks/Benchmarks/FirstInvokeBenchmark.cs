using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TfLite.Core.Serialization;

namespace TfLite.Benchmarks.Benchmarks;

/// <summary>
/// The first Invoke of a session, as a user meets it: fresh <c>dotnet pwsh</c> processes import the module of out/,
/// read the model with <c>Import-TfLiteModel</c> and time the first <c>Invoke-TfLiteModel</c> (then a second one),
/// with the module's background warm-up on (the default) and switched off in the same run; and the first
/// <c>Invoke-TfLiteModel -LiteralPath</c> issued right after <c>Import-Module</c>, reading the model itself.
/// </summary>
internal sealed class FirstInvokeBenchmark : IBenchmark
{
    // One JSON line: wall times in ms, the process's CPU time during the first Invoke (the warm-up thread's
    // included) and the methods compiled on the calling thread during it.
    private const string Script = """
        param([string] $Module, [string] $Model, [string] $Mode, [int] $Count, [string] $Type)
        $ErrorActionPreference = 'Stop'
        $x = switch ($Type) { 'Int8' { ,[sbyte[]]::new($Count) } 'UInt8' { ,[byte[]]::new($Count) } default { ,[float[]]::new($Count) } }
        Import-Module $Module
        if ($Mode -eq 'LiteralPath') {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $null = Invoke-TfLiteModel -LiteralPath $Model -InputData $x
            [pscustomobject]@{ First = $sw.Elapsed.TotalMilliseconds } | ConvertTo-Json -Compress
            return
        }
        $process = [Diagnostics.Process]::GetCurrentProcess()
        $graph = Import-TfLiteModel -LiteralPath $Model
        $process.Refresh(); $cpu = $process.TotalProcessorTime.TotalMilliseconds
        $jit = [System.Runtime.JitInfo]::GetCompiledMethodCount($true)
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $null = $graph | Invoke-TfLiteModel -InputData $x
        $first = $sw.Elapsed.TotalMilliseconds
        $jit = [System.Runtime.JitInfo]::GetCompiledMethodCount($true) - $jit
        $process.Refresh(); $cpu = $process.TotalProcessorTime.TotalMilliseconds - $cpu
        $sw.Restart()
        $null = $graph | Invoke-TfLiteModel -InputData $x
        [pscustomobject]@{ First = $first; Cpu = $cpu; Jit = $jit; Second = $sw.Elapsed.TotalMilliseconds } | ConvertTo-Json -Compress
        """;

    public string Name => "firstinvoke";

    public string Description => "first Invoke-TfLiteModel after Import-Module, fresh pwsh processes [--runs N] [--model SUBSTRING]";

    public string Run(BenchmarkArguments args)
    {
        int runs = args.GetInt("runs", 5);
        string? filter = args.Get("model");
        string module = RepositoryPaths.BuiltModuleManifest();
        string script = Path.Combine(Directory.CreateTempSubdirectory("tflite-bench-").FullName, "first.ps1");
        File.WriteAllText(script, Script);

        var sb = new StringBuilder();
        sb.AppendLine($"Machine: {MachineInfo.Describe()}").AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Median of {runs} fresh `dotnet pwsh` processes each, module {module}. (a) `Import-Module`, `Import-TfLiteModel`, then the " +
            $"first `Invoke-TfLiteModel` on the graph (wall ms), the process's CPU ms during it (every thread: the warm-up's too) and " +
            $"the methods .NET compiled on the calling thread during it; (b) the same with the warm-up switched off " +
            $"(`TFLITE_POWERSHELL_WARMUP=0`); (c) the second Invoke of (a); (d) `Invoke-TfLiteModel -LiteralPath` as the first " +
            $"command after `Import-Module` (reading the model included), warm-up on.")).AppendLine();
        sb.AppendLine("| model | (a) first Invoke | (a) CPU | (a) compiled | (b) first Invoke, no warm-up | (b) CPU | (b) compiled | (c) second Invoke | (d) first -LiteralPath |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in InterpreterBenchmark.Cases.Where(c => filter is null || c.Label.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            string model = RepositoryPaths.Shared(c.Path);
            Console.Error.WriteLine($"[firstinvoke] {c.Label}: {model}");
            var input = TfLiteReader.ReadFile(model).Inputs[0];
            string[] inputArgs = ["-Count", input.ElementCount.ToString(CultureInfo.InvariantCulture), "-Type", input.Type.ToString()];
            List<JsonNode> warm = [], cold = [], literal = [];
            for (int i = 0; i < runs; i++)
            {
                // Interleaved, so that a change in the machine's load falls on every column alike.
                warm.Add(Measure(script, module, model, inputArgs, "Graph", warmup: true));
                cold.Add(Measure(script, module, model, inputArgs, "Graph", warmup: false));
                literal.Add(Measure(script, module, model, inputArgs, "LiteralPath", warmup: true));
            }
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Label} | {Median(warm, "First"):F1} | {Median(warm, "Cpu"):F1} | {Median(warm, "Jit"):F0} | " +
                $"{Median(cold, "First"):F1} | {Median(cold, "Cpu"):F1} | {Median(cold, "Jit"):F0} | {Median(warm, "Second"):F1} | {Median(literal, "First"):F1} |"));
        }
        sb.AppendLine().AppendLine($"Load average at the end: {MachineInfo.LoadAverageNow() ?? "n/a"}");
        Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        return sb.ToString().TrimEnd();
    }

    private static double Median(IEnumerable<JsonNode> results, string field) =>
        LatencyStats.Of(results.Select(r => r[field]!.GetValue<double>()).ToArray()).Median;

    private static JsonNode Measure(string script, string module, string model, string[] inputArgs, string mode, bool warmup) =>
        ChildProcess.RunPwshScript(script, ["-Module", module, "-Model", model, "-Mode", mode, .. inputArgs],
            new Dictionary<string, string> { ["TFLITE_POWERSHELL_WARMUP"] = warmup ? "1" : "0" });
}
