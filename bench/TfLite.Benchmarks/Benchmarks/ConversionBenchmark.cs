using System.Diagnostics;
using System.Globalization;
using System.Text;
using TfLite.Core.Keras;
using TfLite.Core.Serialization;

namespace TfLite.Benchmarks.Benchmarks;

/// <summary>
/// Conversion speed and memory: Keras file to .tflite file (what <c>Import-KerasModel | Export-TfLiteModel</c> calls:
/// <see cref="KerasImporter.Import"/> then <see cref="TfLiteWriter.WriteFile"/>) on the largest Keras file of the
/// shared models, after a first conversion has loaded and compiled the code, against reading the file and writing
/// it and a buffer of the .tflite's size once; and the peak managed heap during one conversion against the file size.
/// </summary>
internal sealed class ConversionBenchmark : IBenchmark
{
    // The same comparison through the cmdlets in a pwsh process that imported the module of out/ (its ReadyToRun
    // images included), one JSON line of medians on stdout.
    private const string CmdletScript = """
        param([string] $Module, [string] $Model, [string] $Folder, [int] $Runs)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $tflite = Join-Path $Folder 'cmdlet.tflite'; $copy = Join-Path $Folder ('cmdlet-copy' + [IO.Path]::GetExtension($Model))
        Import-KerasModel -LiteralPath $Model | Export-TfLiteModel -LiteralPath $tflite -Force
        $filler = [byte[]]::new((Get-Item $tflite).Length)
        $convert = [Collections.Generic.List[double]]::new(); $io = [Collections.Generic.List[double]]::new()
        for ($i = 0; $i -lt $Runs; $i++) {
            [GC]::Collect(); [GC]::WaitForPendingFinalizers()
            $sw = [Diagnostics.Stopwatch]::StartNew()
            Import-KerasModel -LiteralPath $Model | Export-TfLiteModel -LiteralPath $tflite -Force
            $convert.Add($sw.Elapsed.TotalMilliseconds)
            [GC]::Collect(); [GC]::WaitForPendingFinalizers()
            $sw.Restart()
            [IO.File]::WriteAllBytes($copy, [IO.File]::ReadAllBytes($Model)); [IO.File]::WriteAllBytes($tflite, $filler)
            $io.Add($sw.Elapsed.TotalMilliseconds)
        }
        function Median($values) { $s = @($values | Sort-Object); if ($s.Count % 2) { $s[[int][Math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
        [pscustomobject]@{ Convert = (Median $convert); Io = (Median $io) } | ConvertTo-Json -Compress
        """;

    public string Name => "conversion";

    public string Description => "Keras -> .tflite time vs reading and writing the file, peak managed memory vs file size [--runs 11] [--model PATH]";

    public string Run(BenchmarkArguments args)
    {
        int runs = args.GetInt("runs", 11);
        string model = args.Get("model") ?? LargestKerasFile();
        string dir = Directory.CreateTempSubdirectory("tflite-bench-").FullName;
        try
        {
            string tflite = Path.Combine(dir, "model.tflite"), copy = Path.Combine(dir, "copy" + Path.GetExtension(model));
            Console.Error.WriteLine($"[conversion] {model}");
            Convert(model, tflite);
            long modelBytes = new FileInfo(model).Length, tfliteBytes = new FileInfo(tflite).Length;
            var filler = new byte[tfliteBytes];

            // Alternating the two keeps a change in the machine's load or page cache from favouring either side.
            var ((convertMs, convertCpu), (ioMs, ioCpu)) = Medians(runs, () => Convert(model, tflite), () =>
            {
                File.WriteAllBytes(copy, File.ReadAllBytes(model));
                File.WriteAllBytes(tflite, filler);
            });
            var (peak, allocated) = Memory(() => Convert(model, tflite));
            var (cmdletMs, cmdletIoMs) = ThroughCmdlets(model, dir, runs);

            var sb = new StringBuilder();
            sb.AppendLine($"Machine: {MachineInfo.Describe()}").AppendLine();
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetRelativePath(RepositoryPaths.SharedRoot, model)} ({modelBytes} bytes) to .tflite ({tfliteBytes} bytes), in-process, after one " +
                $"untimed conversion. Median of {runs} runs of each, conversion and file I/O alternating, each after an untimed full garbage collection, wall and thread CPU time; file I/O: `File.ReadAllBytes` of the Keras file, " +
                $"`File.WriteAllBytes` of it and of a buffer of the .tflite's size. Peak managed memory: the largest " +
                $"`GC.GetTotalMemory` seen by a thread sampling it every millisecond during one conversion, less the heap before it. " +
                $"Cmdlet path: `Import-KerasModel | Export-TfLiteModel -Force` in a `dotnet pwsh` process that imported the module of out/, " +
                $"after one untimed conversion, against the same file I/O in that process, alternating, each after a full collection.")).AppendLine();
            sb.AppendLine("| measure | value | reference | ratio | target |").AppendLine("|---|---:|---:|---:|---:|");
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| conversion wall ms vs file I/O | {convertMs:F1} | {ioMs:F2} | {convertMs / ioMs:F1}x | < 3x |"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| cmdlet path: conversion wall ms vs file I/O | {cmdletMs:F1} | {cmdletIoMs:F2} | {cmdletMs / cmdletIoMs:F1}x | < 3x |"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| conversion CPU ms vs file I/O | {InterpreterBenchmark.Cpu(convertCpu)} | {InterpreterBenchmark.Cpu(ioCpu)} | {(CpuTime.IsAvailable && ioCpu > 0 ? $"{convertCpu / ioCpu:F1}x" : "n/a")} | |"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| peak managed heap bytes vs file size | {peak} | {modelBytes} | {(double)peak / modelBytes:F2}x | < 3x |"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| managed bytes allocated by one conversion vs file size | {allocated} | {modelBytes} | {(double)allocated / modelBytes:F2}x | |"));
            sb.AppendLine().AppendLine($"Load average at the end: {MachineInfo.LoadAverageNow() ?? "n/a"}");
            return sb.ToString().TrimEnd();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (double ConvertMs, double IoMs) ThroughCmdlets(string model, string folder, int runs)
    {
        string script = Path.Combine(folder, "convert.ps1");
        File.WriteAllText(script, CmdletScript);
        var result = ChildProcess.RunPwshScript(script,
            ["-Module", RepositoryPaths.BuiltModuleManifest(), "-Model", model, "-Folder", folder, "-Runs", runs.ToString(CultureInfo.InvariantCulture)]);
        return (result["Convert"]!.GetValue<double>(), result["Io"]!.GetValue<double>());
    }

    private static void Convert(string model, string tflite) => TfLiteWriter.WriteFile(KerasImporter.Import(model), tflite, overwrite: true);

    /// <summary>The largest .h5/.hdf5/.keras file below the shared models folder.</summary>
    private static string LargestKerasFile() =>
        Directory.EnumerateFiles(RepositoryPaths.Shared("models"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".h5" or ".hdf5" or ".keras")
            .OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new FileNotFoundException("No Keras file below the shared models folder.");

    /// <summary>Median wall and thread CPU milliseconds of <paramref name="runs"/> calls of each action, called in turn.</summary>
    private static ((double WallMs, double CpuMs) First, (double WallMs, double CpuMs) Second) Medians(int runs, Action first, Action second)
    {
        var times = new double[2, 2, runs];
        for (int i = 0; i < runs; i++)
            for (int a = 0; a < 2; a++)
            {
                // Each run starts on a collected heap: otherwise a run may pay for collecting the other's garbage
                // (the file I/O reference allocates a file-sized array right after a conversion's megabytes).
                GC.Collect();
                GC.WaitForPendingFinalizers();
                double cpuStart = CpuTime.ThreadMs();
                long start = Stopwatch.GetTimestamp();
                (a == 0 ? first : second)();
                times[a, 0, i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                times[a, 1, i] = CpuTime.ThreadMs() - cpuStart;
            }
        double Median(int a, int kind) => LatencyStats.Of(Enumerable.Range(0, runs).Select(i => times[a, kind, i]).ToArray()).Median;
        return ((Median(0, 0), Median(0, 1)), (Median(1, 0), Median(1, 1)));
    }

    /// <summary>Peak managed heap above the heap before the call (sampled every millisecond), and bytes allocated by it.</summary>
    private static (long PeakBytes, long AllocatedBytes) Memory(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long baseline = GC.GetTotalMemory(false), peak = baseline;
        using var done = new ManualResetEventSlim(false);
        var sampler = new Thread(() =>
        {
            while (!done.Wait(1)) peak = Math.Max(peak, GC.GetTotalMemory(false));
        }) { IsBackground = true };
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        sampler.Start();
        action();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        done.Set();
        sampler.Join();
        return (peak - baseline, allocated);
    }
}
