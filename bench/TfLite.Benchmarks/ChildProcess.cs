using System.Diagnostics;

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
}
