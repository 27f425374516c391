namespace TfLite.Core.Tests.Infrastructure;

/// <summary>Locates the shared test corpus (<c>../shared</c> beside the repository root).</summary>
public static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>Absolute path of the shared folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Path of a file or folder below the shared folder.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The repository root (the folder holding TfLite.PowerShell.sln).</summary>
    public static string RepoRoot => FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TfLite.PowerShell.sln")))
                return dir.FullName;
        throw new InvalidOperationException("TfLite.PowerShell.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("TFLITE_SHARED_DIR");
        if (!string.IsNullOrEmpty(env)) return System.IO.Path.GetFullPath(env);
        var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepoRoot(), "..", "shared"));
        if (!Directory.Exists(shared))
            throw new DirectoryNotFoundException($"The shared test corpus was not found at {shared}. Clone the repository beside it or set TFLITE_SHARED_DIR.");
        return shared;
    }
}
