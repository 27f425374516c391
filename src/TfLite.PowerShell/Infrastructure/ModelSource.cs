using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>Reads the one .tflite model a <c>-Path</c>/<c>-LiteralPath</c> parameter names (the same reader as
/// Import-TfLiteModel). Anything but exactly one readable model file is a terminating error.</summary>
internal static class ModelSource
{
    public static TfLiteGraph ReadSingle(PSCmdlet cmdlet, string path, bool literal)
    {
        var files = new FileSystemPaths(cmdlet).ExistingFiles(path, literal);
        if (files.Count != 1)
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                files.Count == 0 ? ErrorRecords.PathNotFound : ErrorRecords.AmbiguousPath,
                files.Count == 0 ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, path,
                new ArgumentException($"The path '{path}' must name exactly one model file; it names {files.Count}.")));
        return Read(cmdlet, files[0]);
    }

    /// <summary>Reads a model file; a failure is written as a non-terminating error and gives null.</summary>
    public static TfLiteGraph? TryRead(PSCmdlet cmdlet, string file)
    {
        try
        {
            return ReadFile(file);
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, file, ErrorCategory.ReadError) is { } record)
        {
            cmdlet.WriteError(record);
            return null;
        }
    }

    /// <summary>Reads a model file; a failure is a terminating error with the core's ErrorId.</summary>
    public static TfLiteGraph Read(PSCmdlet cmdlet, string file)
    {
        try
        {
            return ReadFile(file);
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, file, ErrorCategory.ReadError) is { } record)
        {
            cmdlet.ThrowTerminatingError(record);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    private static TfLiteGraph ReadFile(string file)
    {
        var graph = TfLiteReader.ReadFile(file);
        graph.SourcePath ??= file;
        return graph;
    }
}
