namespace TfLite.Core.Tests.Infrastructure;

/// <summary>
/// Locates the test data committed with the repository (<c>tests/data</c> below the repository root), such as the
/// graph files written by real TensorFlow under <c>tests/data/tf</c>. Unlike <see cref="SharedData"/> these files travel
/// with the repository, so the tests that use them never skip for a missing corpus.
/// </summary>
public static class RepoData
{
    /// <summary>Absolute path of the repository's <c>tests/data</c> folder.</summary>
    public static string Root => System.IO.Path.Combine(SharedData.RepoRoot, "tests", "data");

    /// <summary>Path of a file or folder below <c>tests/data</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Path of a file or folder below <c>tests/data/tf</c>, the TensorFlow-written graphs.</summary>
    public static string Tf(params string[] parts) => Path(["tf", .. parts]);
}
