using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Reads TFLite flatbuffer files (.tflite) into TFLite graphs.</para>
/// <para type="description">Verifies each file and emits one TfLiteGraph per file; a malformed or truncated file
/// yields a non-terminating error.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "TfLiteModel", DefaultParameterSetName = "Path")]
[OutputType(typeof(TfLiteGraph))]
public sealed class ImportTfLiteModelCommand : ModelFileImportCommand
{
    /// <inheritdoc />
    protected override TfLiteGraph ReadModel(string file) => TfLiteReader.ReadFile(file);
}
