using System.Diagnostics;
using System.Text.Json;
using TfLite.Core.Tests.Infrastructure.Oracle;

namespace TfLite.Core.Tests.Infrastructure;

/// <summary>
/// Runs <c>.tflite</c> models through the LiteRT oracle (<c>node ../shared/oracle/run.mjs</c>): TensorFlow's own
/// runtime compiled to WebAssembly. One node process per call; give all samples of a dynamic-batch model as one
/// batch to keep the number of processes down. At most one process per core runs at a time.
/// </summary>
public static class OracleRunner
{
    private static readonly SemaphoreSlim Slots = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>The oracle script.</summary>
    public static string ScriptPath => SharedData.Path("oracle", "run.mjs");

    /// <summary>Inputs, outputs and operators of a model file, without running it.</summary>
    /// <exception cref="OracleException">The oracle could not parse or load the model.</exception>
    public static OracleDescription Describe(string modelPath, OracleOptions? options = null)
    {
        options ??= new OracleOptions();
        using var dir = new TempDir();
        var outPath = Path.Combine(dir.Path, "out.json");
        var args = new List<string> { modelPath, "--describe", "--out", outPath, "--compact" };
        AddOptions(args, options);
        return ReadJson(outPath, Invoke(args, options.Timeout), OracleJson.ReadDescription);
    }

    /// <summary>Describes a model held in memory.</summary>
    public static OracleDescription Describe(ReadOnlySpan<byte> model, OracleOptions? options = null)
    {
        using var dir = new TempDir();
        return Describe(dir.Write("model.tflite", model), options);
    }

    /// <summary>Runs a model file once on the given inputs (signature order). A dynamic batch dim is taken from each
    /// input's shape.</summary>
    /// <exception cref="OracleException">Exit code 1 (bad inputs), 2 (model not loadable), 3 (run failed or output
    /// untrusted), or a timeout; the message carries LiteRT's stderr.</exception>
    public static OracleResult Run(string modelPath, IReadOnlyList<OracleTensor> inputs, OracleOptions? options = null)
    {
        options ??= new OracleOptions();
        using var dir = new TempDir();
        var inPath = Path.Combine(dir.Path, "in.json");
        using (var stream = File.Create(inPath)) OracleJson.WriteInputs(stream, inputs);
        var outPath = Path.Combine(dir.Path, "out.json");
        var args = new List<string> { modelPath, "--inputs", inPath, "--out", outPath, "--compact" };
        AddOptions(args, options);
        return ReadJson(outPath, Invoke(args, options.Timeout), OracleJson.ReadResult);
    }

    /// <summary>Runs a model held in memory.</summary>
    public static OracleResult Run(ReadOnlySpan<byte> model, IReadOnlyList<OracleTensor> inputs, OracleOptions? options = null)
    {
        using var dir = new TempDir();
        return Run(dir.Write("model.tflite", model), inputs, options);
    }

    private static void AddOptions(List<string> args, OracleOptions options)
    {
        if (options.Dequantize) args.Add("--dequantize");
        if (options.FixQuantDim) args.Add("--fix-quant-dim");
        if (options.Signature is not null) args.AddRange(["--signature", options.Signature]);
    }

    private static T ReadJson<T>(string path, string stderr, Func<JsonElement, T> read)
    {
        if (!File.Exists(path)) throw new OracleException("The oracle exited 0 but wrote no output file.\n" + stderr, 0, stderr);
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        return read(doc.RootElement);
    }

    /// <summary>Runs node with the script and arguments; returns stderr when it exits 0.</summary>
    private static string Invoke(IReadOnlyList<string> args, TimeSpan timeout)
    {
        var node = Environment.GetEnvironmentVariable("TFLITE_ORACLE_NODE") is { Length: > 0 } n ? n : "node";
        var psi = new ProcessStartInfo(node)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(ScriptPath);
        foreach (var a in args) psi.ArgumentList.Add(a);

        Slots.Wait();
        try
        {
            using var process = new Process { StartInfo = psi };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new OracleException($"Cannot start '{node}' for the oracle (install Node.js 20+ or set TFLITE_ORACLE_NODE): {e.Message}", -1, "");
            }
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already exited */ }
                process.WaitForExit();
                var partial = stderr.Wait(TimeSpan.FromSeconds(5)) ? stderr.Result : "";
                throw new OracleException($"The oracle did not finish within {timeout.TotalSeconds:0} s on {args[0]}; killed.\n{partial}", -1, partial);
            }
            process.WaitForExit(); // drains the redirected streams
            var err = stderr.Result;
            _ = stdout.Result;
            if (process.ExitCode != 0)
            {
                var kind = process.ExitCode switch { 1 => "rejected the inputs or arguments", 2 => "could not load the model", 3 => "failed to run the model", _ => "failed" };
                throw new OracleException($"The oracle {kind} (exit {process.ExitCode}) on {args[0]}:\n{err}", process.ExitCode, err);
            }
            return err;
        }
        finally
        {
            Slots.Release();
        }
    }
}
