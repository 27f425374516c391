namespace TfLite.Core.IO;

/// <summary>Writes files through a temporary file in the same folder, renamed into place, so that a failure never
/// leaves a partial file at the destination.</summary>
internal static class AtomicFile
{
    /// <param name="path">Destination path.</param>
    /// <param name="overwrite">Replace an existing file; when false an existing file raises <see cref="IOException"/>.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    public static void Write(string path, bool overwrite, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var destination = Path.GetFullPath(path);
        if (!overwrite && File.Exists(destination))
            throw new IOException($"The file '{destination}' already exists.");
        var folder = Path.GetDirectoryName(destination)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            // The rename is the only step that touches the destination; with overwrite false it fails if a file
            // appeared there meanwhile.
            File.Move(temporary, destination, overwrite);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
