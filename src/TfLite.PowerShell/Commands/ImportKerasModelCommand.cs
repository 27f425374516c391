using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.TensorFlow.SavedModel;
using TfLite.PowerShell.Infrastructure;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Converts saved Keras models (.h5, .hdf5, .keras, and SavedModel folders written by tf.keras)
/// into TFLite graphs.</para>
/// <para type="description">Reads each file (or Keras SavedModel folder, which holds keras_metadata.pb) and lowers every
/// Keras layer to TFLite builtin operators in float32.
/// Emits one TfLiteGraph per file; a file that cannot be converted yields a non-terminating error.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "KerasModel", DefaultParameterSetName = "Path")]
[OutputType(typeof(TfLiteGraph))]
public sealed class ImportKerasModelCommand : ModelFileImportCommand
{
    /// <summary>Skip the converter's standard graph passes (batch-norm folding, activation fusing, ...).</summary>
    [Parameter]
    public SwitchParameter NoOptimize { get; set; }

    /// <summary>How LSTM and SimpleRNN layers are lowered: Fused (default, one sequence operator with variable state
    /// tensors, as TensorFlow emits it) or Unrolled (plain stateless operators per time step). A string rather than the
    /// Core enum: parameter types are resolved while the module loads, before Core's load context is in place.</summary>
    [Parameter]
    [ValidateSet("Fused", "Unrolled")]
    public string RecurrentLowering { get; set; } = "Fused";

    /// <inheritdoc />
    protected override Func<string, bool>? ModelFolder => KerasSavedModel.IsKerasSavedModel;

    /// <inheritdoc />
    protected override TfLiteGraph ReadModel(string file)
    {
        using var progress = new PipelineProgress(this, "Import-KerasModel", $"Converting {System.IO.Path.GetFileName(file.TrimEnd('/', '\\'))}");
        var options = new KerasImportOptions { Optimize = !NoOptimize, RecurrentLowering = Enum.Parse<Core.Keras.RecurrentLowering>(RecurrentLowering, ignoreCase: true), Progress = progress };
        return Directory.Exists(file) ? KerasSavedModel.Import(file, options) : KerasImporter.Import(file, options);
    }
}
