using System.Text.Json;
using System.Text.Json.Nodes;

namespace TfLite.Benchmarks;

/// <summary>
/// Times the LiteRT.js runtime (TFLite + XNNPACK in WASM, one thread) through the shared oracle's
/// <c>--repeat</c> option, which loads the model once and times every run inside one node process.
/// </summary>
internal static class LiteRtOracle
{
    /// <summary>Runs the model <paramref name="repeat"/> times on the inputs; returns the run times (the first
    /// <paramref name="warmup"/> dropped), the flat values of the first output, and the CPU time of one run: the
    /// node process's CPU time less that of a process doing only the warm-up runs, over <paramref name="repeat"/>.</summary>
    public static (double[] RunMs, double[] Output, double CpuMsPerRun) Time(string model, JsonArray inputs, int repeat, int warmup, bool fixQuantDim)
    {
        double before = CpuTime.ChildrenMs();
        var (runs, output) = Once(model, inputs, repeat, warmup, fixQuantDim);
        double full = CpuTime.ChildrenMs() - before;
        before = CpuTime.ChildrenMs();
        Once(model, inputs, 0, Math.Max(2, warmup), fixQuantDim);
        double baseline = CpuTime.ChildrenMs() - before;
        return (runs, output, (full - baseline) / repeat);
    }

    private static (double[] RunMs, double[] Output) Once(string model, JsonArray inputs, int repeat, int warmup, bool fixQuantDim)
    {
        string dir = Directory.CreateTempSubdirectory("tflite-bench-").FullName;
        try
        {
            string inPath = Path.Combine(dir, "in.json"), outPath = Path.Combine(dir, "out.json");
            File.WriteAllText(inPath, inputs.ToJsonString());
            if (Environment.GetEnvironmentVariable("TFLITE_BENCH_KEEP") is { Length: > 0 } keep) File.Copy(inPath, keep, true);
            var arguments = new List<string> { RepositoryPaths.Shared("oracle", "run.mjs"), model, "--inputs", inPath, "--out", outPath,
                "--repeat", (repeat + warmup).ToString(System.Globalization.CultureInfo.InvariantCulture), "--compact" };
            if (fixQuantDim) arguments.Add("--fix-quant-dim");
            ChildProcess.Run("node", arguments);
            var result = JsonNode.Parse(File.ReadAllText(outPath))!;
            var runs = result["timing_ms"]!["run"]!.AsArray().Select(n => n!.GetValue<double>()).Skip(warmup).ToArray();
            var output = result["outputs"]![0]!["data"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
            return (runs, output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>One oracle input entry (<c>{"data": [...]}</c>; dtype and shape are the model's own).</summary>
    public static JsonObject Input<T>(T[] values) => new() { ["data"] = JsonSerializer.SerializeToNode(values) };
}
