using System.Collections;
using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.Core.TensorFlow;
using TfLite.PowerShell.Infrastructure;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Converts TensorFlow's own model formats (frozen GraphDef, text GraphDef, checkpoints,
/// SavedModel folders) into TFLite graphs.</para>
/// <para type="description">Reads each frozen graph (.pb, binary or text), MetaGraph (.meta) or SavedModel folder and
/// lowers the nodes between its inputs and outputs to TFLite builtin operators in float32. FakeQuant nodes become the
/// quantization ranges of their tensors. Emits one TfLiteGraph per model; a model that cannot be converted yields a
/// non-terminating error.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "TfModel", DefaultParameterSetName = "Path")]
[OutputType(typeof(TfLiteGraph))]
public sealed class ImportTfModelCommand : ModelFileImportCommand
{
    /// <summary>Input nodes or tensors (<c>name</c> or <c>name:k</c>); by default every Placeholder the outputs need.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? InputName { get; set; }

    /// <summary>Output nodes or tensors; by default the nodes whose outputs nothing consumes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? OutputName { get; set; }

    /// <summary>Shapes of inputs whose shape the graph leaves open: a hashtable from input name to dimensions.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? InputShape { get; set; }

    /// <summary>Checkpoint prefix holding the values of the graph's variables (<c>model.ckpt</c> for
    /// <c>model.ckpt.index</c> and <c>model.ckpt.data-*</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Checkpoint { get; set; }

    /// <summary>The SavedModel signature to convert; serving_default by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SignatureName { get; set; }

    /// <summary>The tags of the SavedModel MetaGraph to convert; serve by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    /// <summary>Skip the converter's standard graph passes (batch-norm folding, activation fusing, ...).</summary>
    [Parameter]
    public SwitchParameter NoOptimize { get; set; }

    private IReadOnlyDictionary<string, int[]>? _inputShapes;
    private string? _checkpointPrefix;

    /// <inheritdoc />
    protected override Func<string, bool>? ModelFolder => TfImporter.IsSavedModelFolder;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _inputShapes = InputShape is null ? null : InputShapes.From(InputShape, this);
        // The prefix names files that need not exist under that exact name, so it is resolved, not checked.
        _checkpointPrefix = Checkpoint is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Checkpoint);
    }

    /// <inheritdoc />
    protected override TfLiteGraph ReadModel(string file)
    {
        using var progress = new PipelineProgress(this, "Import-TfModel", $"Converting {System.IO.Path.GetFileName(file)}");
        return TfImporter.Import(file, new TfImportOptions
        {
            InputNames = InputName,
            OutputNames = OutputName,
            InputShapes = _inputShapes,
            CheckpointPrefix = _checkpointPrefix,
            SignatureName = SignatureName,
            Tags = Tag,
            Optimize = !NoOptimize,
            Progress = progress,
        });
    }
}
