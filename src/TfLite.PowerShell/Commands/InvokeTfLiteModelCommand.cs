using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Interpreter;
using TfLite.PowerShell.Infrastructure;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Runs a TFLite model on input values and emits its outputs.</para>
/// <para type="description">The model comes from the pipeline (a TfLiteGraph) or from a .tflite file (-Path);
/// inputs are arrays, hashtables keyed by input name, .npy/.npz files, NDArrays or TensorValues. Float values for a
/// quantized input are quantized with its scale and zero point; a different batch size resizes the input. Emits one
/// TensorValue per output.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "TfLiteModel", DefaultParameterSetName = GraphSet)]
[OutputType(typeof(TensorValue))]
public sealed class InvokeTfLiteModelCommand : PSCmdlet
{
    private const string GraphSet = "Graph";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private ModelRunner? _runner;
    private TfLiteGraph? _runnerGraph;
    // Stored as int: a field of a core value type would make loading this class load TfLite.Core, which PowerShell
    // does (through GetExportedTypes) before the module initializer can point it at the dependency folder.
    private int _rounding;

    /// <summary>The model to run.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = GraphSet)]
    [ValidateNotNull]
    public TfLiteGraph InputObject { get; set; } = null!;

    /// <summary>The .tflite file to run; a wildcard must match exactly one file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The .tflite file to run, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    /// <summary>The input values: an array (one input), a hashtable of input name to values, .npy/.npz paths, an
    /// NDArray or TensorValue, or a list of these (one per input, in input order).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = GraphSet)]
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = LiteralPathSet)]
    [AllowEmptyCollection]
    public object InputData { get; set; } = null!;

    /// <summary>Requantization rounding of the integer kernels: Double (TFLite reference, TFLite Micro, CMSIS-NN),
    /// Single (TFLITE_SINGLE_ROUNDING) or Xnnpack (LiteRT's arithmetic).</summary>
    [Parameter]
    public RoundingMode Rounding { get => (RoundingMode)_rounding; set => _rounding = (int)value; }

    /// <summary>Threads the kernels may use.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThreadCount { get; set; } = 1;

    private InterpreterOptions Options => new() { Rounding = Rounding, ThreadCount = ThreadCount };

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (ParameterSetName == GraphSet) return;
        var literal = ParameterSetName == LiteralPathSet;
        var graph = ModelSource.ReadSingle(this, literal ? LiteralPath : Path, literal);
        try
        {
            _runner = new ModelRunner(graph, Options);
            _runnerGraph = graph;
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, graph.SourcePath, ErrorCategory.InvalidOperation) is { } record)
        {
            ThrowTerminatingError(record);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var graph = ParameterSetName == GraphSet ? InputObject : _runnerGraph!;
        try
        {
            if (!ReferenceEquals(graph, _runnerGraph))
            {
                WriteVerbose($"Preparing '{graph.Name}' ({graph.OperatorCount} operators, {Rounding} rounding, {ThreadCount} thread(s)).");
                _runnerGraph = null;
                _runner = new ModelRunner(graph, Options);
                _runnerGraph = graph;
            }
            var inputs = InputDataBinding.For(this).Convert(InputData);
            WriteVerbose($"Running '{graph.Name}' on {string.Join(", ", inputs.Select(i => $"{i.Name ?? "#"} {i.Array}"))}.");
            foreach (var output in _runner!.Run(inputs))
                WriteObject(output);
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, graph, ErrorCategory.InvalidOperation) is { } record)
        {
            WriteError(record);
        }
    }
}
