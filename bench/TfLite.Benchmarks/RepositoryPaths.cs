namespace TfLite.Benchmarks;

/// <summary>Finds the repository root and the shared corpus beside it (or <c>TFLITE_SHARED_DIR</c>).</summary>
internal static class RepositoryPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("TFLITE_SHARED_DIR");
            var shared = !string.IsNullOrEmpty(env) ? env : Path.Combine(RepoRoot, "..", "shared");
            shared = Path.GetFullPath(shared);
            if (!Directory.Exists(shared))
                throw new DirectoryNotFoundException($"The shared corpus was not found at {shared}; set TFLITE_SHARED_DIR.");
            return shared;
        }
    }

    public static string Shared(params string[] parts) => Path.Combine([SharedRoot, .. parts]);

    /// <summary>The manifest of the module that <c>build.ps1 Build</c> lays out in out/TfLite.PowerShell/&lt;version&gt;/.</summary>
    public static string BuiltModuleManifest()
    {
        var root = Path.Combine(RepoRoot, "out", "TfLite.PowerShell");
        var manifest = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "TfLite.PowerShell.psd1")).Where(File.Exists).Order().LastOrDefault()
            : null;
        return manifest ?? throw new InvalidOperationException($"No module in {root}: run 'dotnet pwsh ./build.ps1 Build' first.");
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TfLite.PowerShell.sln"))) return dir.FullName;
        throw new InvalidOperationException("TfLite.PowerShell.sln not found above the current or the program's folder.");
    }
}
