namespace TfLite.Core.Tests.Infrastructure;

/// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates the folder under the system temp folder.</summary>
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tflite-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>Writes a file into the folder and returns its path.</summary>
    public string Write(string name, ReadOnlySpan<byte> content)
    {
        var file = System.IO.Path.Combine(Path, name);
        using var stream = File.Create(file);
        stream.Write(content);
        return file;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a file still open elsewhere; the OS temp cleaner takes it */ }
        catch (UnauthorizedAccessException) { }
    }
}
