using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TfLite.Benchmarks;

/// <summary>Runs a program to its end and returns what it printed; a non-zero exit is an error carrying its stderr.</summary>
internal static class ChildProcess
{
    public static string Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{fileName} could not be started.");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', psi.ArgumentList)} failed (exit {p.ExitCode}): {stderr.Result}");
        return stdout;
    }

    /// <summary>Runs a PowerShell script in a fresh <c>dotnet pwsh</c> process from the repository root and parses
    /// the last line it printed as JSON (the scripts end with <c>ConvertTo-Json -Compress</c>).</summary>
    public static JsonNode RunPwshScript(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string stdout = Run("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-File", script, .. arguments],
            RepositoryPaths.RepoRoot, environment);
        return JsonNode.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last())!;
    }
}
