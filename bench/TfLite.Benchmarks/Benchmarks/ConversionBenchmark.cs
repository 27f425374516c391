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
    // images included), one JSON line of means and minimums on stdout; the order of the three turns every run, as in Measure.
    private const string CmdletScript = """
        param([string] $Module, [string] $Model, [string] $Folder, [int] $Runs)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $tflite = Join-Path $Folder 'cmdlet.tflite'; $copy = Join-Path $Folder ('cmdlet-copy' + [IO.Path]::GetExtension($Model))
        Import-KerasModel -LiteralPath $Model | Export-TfLiteModel -LiteralPath $tflite -Force
        $filler = [byte[]]::new((Get-Item $tflite).Length); $buffer = [byte[]]::new((Get-Item $Model).Length)
        $sides = 'Convert', 'Io', 'Reused'
        $actions = @{
            Convert = { Import-KerasModel -LiteralPath $Model | Export-TfLiteModel -LiteralPath $tflite -Force }
            Io = { [IO.File]::WriteAllBytes($copy, [IO.File]::ReadAllBytes($Model)); [IO.File]::WriteAllBytes($tflite, $filler) }
            Reused = {
                $stream = [IO.File]::OpenRead($Model); try { $stream.ReadExactly($buffer) } finally { $stream.Dispose() }
                [IO.File]::WriteAllBytes($copy, $buffer); [IO.File]::WriteAllBytes($tflite, $filler)
            }
        }
        $times = @{}; foreach ($side in $sides) { $times[$side] = [Collections.Generic.List[double]]::new() }
        for ($i = 0; $i -lt $Runs; $i++) {
            for ($turn = 0; $turn -lt $sides.Count; $turn++) {
                $side = $sides[($turn + $i) % $sides.Count]
                [GC]::Collect(); [GC]::WaitForPendingFinalizers()
                $sw = [Diagnostics.Stopwatch]::StartNew()
                & $actions[$side]
                $times[$side].Add($sw.Elapsed.TotalMilliseconds)
            }
        }
        $result = [ordered]@{}
        foreach ($side in $sides) { $m = $times[$side] | Measure-Object -Average -Minimum; $result[$side] = $m.Average; $result[$side + 'Min'] = $m.Minimum }
        [pscustomobject]$result | ConvertTo-Json -Compress
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
            // Memory first, on the process's first conversion: buffers that later conversions take from the shared
            // array pool are allocated here, so they count.
            var (peak, allocated) = Memory(() => Convert(model, tflite));
            long modelBytes = new FileInfo(model).Length, tfliteBytes = new FileInfo(tflite).Length;
            var filler = new byte[tfliteBytes];
            var buffer = new byte[modelBytes];

            // Alternating keeps a change in the machine's load or page cache from favouring any side, and turning the
            // order every run gives each the same share of runs after either kind of collection.
            var timings = Measure(runs,
                () => Convert(model, tflite),
                () =>
                {
                    File.WriteAllBytes(copy, File.ReadAllBytes(model));
                    File.WriteAllBytes(tflite, filler);
                },
                () =>
                {
                    using (var stream = File.OpenRead(model)) stream.ReadExactly(buffer);
                    File.WriteAllBytes(copy, buffer);
                    File.WriteAllBytes(tflite, filler);
                });
            var (convert, io, reused) = (timings[0], timings[1], timings[2]);
            var (cmdlet, cmdletIo, cmdletReused) = ThroughCmdlets(model, dir, runs);

            var sb = new StringBuilder();
            sb.AppendLine($"Machine: {MachineInfo.Describe()}").AppendLine();
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetRelativePath(RepositoryPaths.SharedRoot, model)} ({modelBytes} bytes) to .tflite ({tfliteBytes} bytes), in-process, after one " +
                $"untimed conversion. {runs} runs of each, conversion and file I/O taking turns, their order turning every run, each after an untimed full garbage collection, wall and thread CPU time; " +
                $"file I/O: `File.ReadAllBytes` of the Keras file, `File.WriteAllBytes` of it and of a buffer of the .tflite's size; " +
                $"into reused buffers: the same, but the Keras file read into an array allocated once, so that no run pays for fresh memory. " +
                $"Mean, and the fastest run of each: a run that allocates megabytes after a collection pays for faulting in fresh pages " +
                $"after every other collection and not after the others, on either side, so a median lands on one kind of run or the other by chance. " +
                $"Cmdlet path: `Import-KerasModel | Export-TfLiteModel -Force` in a `dotnet pwsh` process that imported the module of out/, " +
                $"after one untimed conversion, against the same file I/O in that process, taken the same way. " +
                $"Peak managed memory: during the process's first conversion (buffers that later conversions take from the shared array pool count), " +
                $"the largest `GC.GetTotalMemory` seen by a thread sampling it every millisecond, less the heap before it.")).AppendLine();
            sb.AppendLine("| measure | value | reference | ratio | target |").AppendLine("|---|---:|---:|---:|---:|");
            void Time(string measure, double value, double reference, string target = "< 3x") => sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {measure} | {value:F1} | {reference:F2} | {value / reference:F1}x | {target} |"));
            Time("conversion wall ms vs file I/O, mean", convert.Mean, io.Mean);
            Time("conversion wall ms vs file I/O, fastest", convert.Fastest, io.Fastest);
            Time("cmdlet path: conversion wall ms vs file I/O, mean", cmdlet.Mean, cmdletIo.Mean);
            Time("cmdlet path: conversion wall ms vs file I/O, fastest", cmdlet.Fastest, cmdletIo.Fastest);
            Time("conversion wall ms vs file I/O into reused buffers, mean", convert.Mean, reused.Mean, "");
            Time("conversion wall ms vs file I/O into reused buffers, fastest", convert.Fastest, reused.Fastest, "");
            Time("cmdlet path: conversion wall ms vs file I/O into reused buffers, mean", cmdlet.Mean, cmdletReused.Mean, "");
            Time("cmdlet path: conversion wall ms vs file I/O into reused buffers, fastest", cmdlet.Fastest, cmdletReused.Fastest, "");
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| conversion CPU ms vs file I/O, mean | {InterpreterBenchmark.Cpu(convert.CpuMs)} | {InterpreterBenchmark.Cpu(io.CpuMs)} | {(CpuTime.IsAvailable && io.CpuMs > 0 ? $"{convert.CpuMs / io.CpuMs:F1}x" : "n/a")} | |"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| peak managed heap bytes vs file size | {peak} | {modelBytes} | {(double)peak / modelBytes:F2}x | < 3x |"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| managed bytes allocated by the first conversion vs file size | {allocated} | {modelBytes} | {(double)allocated / modelBytes:F2}x | |"));
            sb.AppendLine().AppendLine(ConversionStages.Table(model, dir, runs));
            sb.AppendLine().AppendLine($"Load average at the end: {MachineInfo.LoadAverageNow() ?? "n/a"}");
            return sb.ToString().TrimEnd();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Mean and fastest wall milliseconds of one side of the comparison, and its mean thread CPU.</summary>
    private readonly record struct Timing(double Mean, double Fastest, double CpuMs = double.NaN);

    private static (Timing Convert, Timing Io, Timing Reused) ThroughCmdlets(string model, string folder, int runs)
    {
        string script = Path.Combine(folder, "convert.ps1");
        File.WriteAllText(script, CmdletScript);
        var result = ChildProcess.RunPwshScript(script,
            ["-Module", RepositoryPaths.BuiltModuleManifest(), "-Model", model, "-Folder", folder, "-Runs", runs.ToString(CultureInfo.InvariantCulture)]);
        double Value(string name) => result[name]!.GetValue<double>();
        Timing Side(string name) => new(Value(name), Value(name + "Min"));
        return (Side("Convert"), Side("Io"), Side("Reused"));
    }

    private static void Convert(string model, string tflite) => TfLiteWriter.WriteFile(KerasImporter.Import(model), tflite, overwrite: true);

    /// <summary>The largest .h5/.hdf5/.keras file below the shared models folder.</summary>
    private static string LargestKerasFile() =>
        Directory.EnumerateFiles(RepositoryPaths.Shared("models"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".h5" or ".hdf5" or ".keras")
            .OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new FileNotFoundException("No Keras file below the shared models folder.");

    /// <summary>Mean and fastest wall, and mean thread CPU, milliseconds of <paramref name="runs"/> calls of each action,
    /// called in turn, run <c>i</c> starting with action <c>i</c> modulo their count.</summary>
    private static Timing[] Measure(int runs, params Action[] actions)
    {
        var times = new double[actions.Length, 2, runs];
        for (int i = 0; i < runs; i++)
            for (int turn = 0; turn < actions.Length; turn++)
            {
                int a = (turn + i) % actions.Length;
                // Each run starts on a collected heap: otherwise a run may pay for collecting the other's garbage
                // (the file I/O reference allocates a file-sized array right after a conversion's megabytes).
                GC.Collect();
                GC.WaitForPendingFinalizers();
                double cpuStart = CpuTime.ThreadMs();
                long start = Stopwatch.GetTimestamp();
                actions[a]();
                times[a, 0, i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                times[a, 1, i] = CpuTime.ThreadMs() - cpuStart;
            }
        LatencyStats Stats(int a, int kind) => LatencyStats.Of(Enumerable.Range(0, runs).Select(i => times[a, kind, i]).ToArray());
        Timing Side(int a)
        {
            var wall = Stats(a, 0);
            return new Timing(wall.Mean, wall.Min, Stats(a, 1).Mean);
        }
        return Enumerable.Range(0, actions.Length).Select(Side).ToArray();
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
