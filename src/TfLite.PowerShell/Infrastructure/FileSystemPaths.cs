using System.Management.Automation;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>
/// Resolves PowerShell paths (relative to the current location, on any drive, with or without wildcards) to
/// file-system paths, the way the built-in file cmdlets do.
/// </summary>
internal sealed class FileSystemPaths
{
    private const string FileSystemProvider = "FileSystem";
    private readonly PSCmdlet _cmdlet;

    public FileSystemPaths(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>Existing files named by <paramref name="path"/>. Failures are written as non-terminating errors;
    /// a wildcard that matches nothing yields nothing, as with Get-Item.</summary>
    /// <param name="path">The path as the user wrote it.</param>
    /// <param name="literal">Take the path as written, without wildcard expansion.</param>
    /// <param name="isModelFolder">Which folders count as models (a SavedModel folder, say); null when only files do.
    /// Other folders are skipped when a wildcard matched them and an error when named explicitly.</param>
    public List<string> ExistingFiles(string path, bool literal, Func<string, bool>? isModelFolder = null)
    {
        var expand = !literal && WildcardPattern.ContainsWildcardCharacters(path);
        var files = new List<string>();
        var failure = TryResolve(path, expand, out var candidates);
        if (failure is not null)
        {
            _cmdlet.WriteError(failure);
            return files;
        }

        foreach (var file in candidates)
        {
            if (File.Exists(file) || (isModelFolder is not null && Directory.Exists(file) && isModelFolder(file)))
                files.Add(file);
            else if (Directory.Exists(file))
            {
                // A wildcard that also matches folders is not an error; naming a folder explicitly is.
                if (!expand)
                    _cmdlet.WriteError(ErrorRecords.Create(ErrorRecords.PathIsDirectory, ErrorCategory.InvalidArgument, file,
                        new IOException(isModelFolder is null
                            ? $"'{file}' is a directory, not a model file."
                            : $"'{file}' is a directory without a model (no saved_model.pb).")));
            }
            else
                _cmdlet.WriteError(ErrorRecords.Create(ErrorRecords.PathNotFound, ErrorCategory.ObjectNotFound, file,
                    new FileNotFoundException($"Cannot find the file '{file}' because it does not exist.", file)));
        }
        return files;
    }

    /// <summary>The file-system path a new file would get; wildcards in <paramref name="path"/> must match exactly
    /// one existing item. Anything else is a terminating error.</summary>
    public string Destination(string path, bool literal)
    {
        var expand = !literal && WildcardPattern.ContainsWildcardCharacters(path);
        var failure = TryResolve(path, expand, out var resolved);
        if (failure is null && resolved.Count != 1)
            failure = ErrorRecords.Create(ErrorRecords.AmbiguousPath, ErrorCategory.InvalidArgument, path,
                new ArgumentException($"The path '{path}' must match exactly one file but matches {resolved.Count}."));
        if (failure is not null)
            _cmdlet.ThrowTerminatingError(failure);
        return resolved[0];
    }

    private ErrorRecord? TryResolve(string path, bool expand, out List<string> resolved)
    {
        resolved = [];
        try
        {
            resolved = expand ? Expand(path) : [Unresolved(path)];
            return null;
        }
        catch (Exception ex) when (IsPathError(ex))
        {
            return ErrorRecords.Create(ErrorRecords.PathNotFound, ErrorCategory.ObjectNotFound, path, ex);
        }
        catch (NotSupportedException ex)
        {
            return ErrorRecords.Create(ErrorRecords.NotFileSystemPath, ErrorCategory.InvalidArgument, path, ex);
        }
    }

    private List<string> Expand(string path)
    {
        var resolved = _cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
        RequireFileSystem(provider, path);
        return [.. resolved];
    }

    private string Unresolved(string path)
    {
        var resolved = _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        RequireFileSystem(provider, path);
        return resolved;
    }

    private static void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (provider.Name != FileSystemProvider)
            throw new NotSupportedException($"The path '{path}' is on the {provider.Name} provider; a file-system path is required.");
    }

    private static bool IsPathError(Exception ex) =>
        ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException;
}
