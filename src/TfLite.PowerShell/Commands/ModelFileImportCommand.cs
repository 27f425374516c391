using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.PowerShell.Infrastructure;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// Shared shape of the cmdlets that read model files: <c>-Path</c> (wildcards, strings from the pipeline) and
/// <c>-LiteralPath</c> (alias PSPath, so FileInfo objects bind by property name), one graph out per file and one
/// non-terminating error per file that fails.
/// </summary>
public abstract class ModelFileImportCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Files to read; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Files to read, taken exactly as written (no wildcard expansion).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Which folders this cmdlet reads as one model (a SavedModel folder); null when it reads files only.</summary>
    protected virtual Func<string, bool>? ModelFolder => null;

    /// <summary>Reads one file.</summary>
    /// <param name="file">Full file-system path of an existing file, or of a folder that <see cref="ModelFolder"/>
    /// accepts.</param>
    protected abstract TfLiteGraph ReadModel(string file);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        var paths = new FileSystemPaths(this);
        foreach (var path in literal ? LiteralPath : Path)
        {
            foreach (var file in paths.ExistingFiles(path, literal, ModelFolder))
            {
                if (Stopping) return;
                ImportOne(file);
            }
        }
    }

    private void ImportOne(string file)
    {
        WriteVerbose($"Reading '{file}'.");
        TfLiteGraph graph;
        try
        {
            graph = ReadModel(file);
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, file, ErrorCategory.ReadError) is { } record)
        {
            WriteError(record);
            return;
        }
        graph.SourcePath ??= file;
        WriteVerbose($"Read '{graph.Name}' from '{file}': {graph.OperatorCount} operators, {graph.ParameterCount} parameters.");
        WriteObject(graph);
    }
}
