using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.PowerShell.Infrastructure;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes a TFLite graph to a .tflite flatbuffer file.</para>
/// <para type="description">Serializes the graph through a temporary file in the destination folder that is renamed
/// into place, so a failure never leaves a partial file. An existing file is replaced only with -Force.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "TfLiteModel", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportTfLiteModelCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private string _destination = "";

    /// <summary>The graph to write.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public TfLiteGraph InputObject { get; set; } = null!;

    /// <summary>Destination file; a wildcard must match exactly one existing file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Destination file, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit the written file's FileInfo.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        var literal = ParameterSetName == LiteralPathSet;
        var requested = literal ? LiteralPath : Path;
        _destination = new FileSystemPaths(this).Destination(requested, literal);

        if (Directory.Exists(_destination))
            ThrowTerminatingError(ErrorRecords.Create(ErrorRecords.PathIsDirectory, ErrorCategory.InvalidArgument, _destination,
                new IOException($"'{_destination}' is a directory; give the path of a .tflite file.")));
        var folder = System.IO.Path.GetDirectoryName(_destination);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            ThrowTerminatingError(ErrorRecords.Create(ErrorRecords.DirectoryNotFound, ErrorCategory.ObjectNotFound, folder,
                new DirectoryNotFoundException($"The folder '{folder}' does not exist.")));
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (File.Exists(_destination) && !Force)
        {
            WriteError(FileExistsError());
            return;
        }
        if (!ShouldProcess(_destination, $"Export TFLite model '{InputObject.Name}'"))
            return;

        WriteVerbose($"Writing '{InputObject.Name}' ({InputObject.OperatorCount} operators) to '{_destination}'.");
        try
        {
            TfLiteWriter.WriteFile(InputObject, _destination, overwrite: Force);
        }
        catch (IOException) when (!Force && File.Exists(_destination))
        {
            // Someone created the file between the check above and the write.
            WriteError(FileExistsError());
            return;
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, InputObject, ErrorCategory.WriteError) is { } record)
        {
            WriteError(record);
            return;
        }
        if (PassThru)
            WriteObject(new FileInfo(_destination));
    }

    private ErrorRecord FileExistsError() =>
        ErrorRecords.Create(ErrorRecords.FileExists, ErrorCategory.ResourceExists, _destination,
            new IOException($"The file '{_destination}' already exists. Use -Force to replace it."));
}
