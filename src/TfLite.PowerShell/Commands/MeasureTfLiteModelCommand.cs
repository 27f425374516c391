using System.Management.Automation;
using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Interpreter;
using TfLite.Core.Measurement;
using TfLite.PowerShell.Infrastructure;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Measures TFLite models: size, parameters, MACs, arena, Arm kernel support, latency and accuracy.</para>
/// <para type="description">Always reports what is known without running the model; -Latency times repeated runs
/// (-PerOperator per node and operator type); -Reference compares the outputs (-PerTensor every shared tensor) with
/// another model on -InputData or seeded random inputs. Emits one ModelMeasurement per model.</para>
/// <para type="description">What -Latency times: one interpreter is created and prepared once (shapes, arena plan,
/// packed weights) and reused by every run. Untimed warm-up runs come first: at least -WarmupIterations runs and one
/// second, then until .NET has compiled no method during the last -WarmupIterations (at least 30) runs and half a
/// second (at most ten seconds), so that tiered compilation has recompiled the kernels with full optimization and
/// dynamic profile-guided optimization. Then each of -Iterations samples is the wall-clock time of one Invoke of the
/// interpreter alone: the input values are converted once, and their bytes are copied back into the input tensors
/// before each run, outside the timed part. Reading the model, converting inputs and outputs, and PowerShell's
/// pipeline are not timed; a run allocates no managed memory, so garbage collection does not fall into the samples.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "TfLiteModel", DefaultParameterSetName = GraphSet)]
[OutputType(typeof(ModelMeasurement))]
public sealed class MeasureTfLiteModelCommand : PSCmdlet
{
    private const string GraphSet = "Graph";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    // Stored as int: a field of a core value type would make PowerShell load TfLite.Core while it scans the
    // module's types, before the module initializer points it at the dependency folder.
    private int _rounding;
    private TfLiteGraph? _reference;
    private IReadOnlyList<NamedArray>? _inputs;

    /// <summary>Models to measure.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = GraphSet)]
    [ValidateNotNull]
    public TfLiteGraph InputObject { get; set; } = null!;

    /// <summary>.tflite files to measure; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>.tflite files to measure, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Time repeated runs.</summary>
    [Parameter]
    public SwitchParameter Latency { get; set; }

    /// <summary>Timed runs (default 50).</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Iterations { get; set; } = 50;

    /// <summary>Untimed runs before the timed ones at least (default 30); when above 0, warm-up also lasts at least one
    /// second and until .NET has stopped compiling, so that the kernels run fully optimized when timing starts. 0 for
    /// none.</summary>
    [Parameter]
    [Alias("Warmup")]
    [ValidateRange(0, 1_000_000)]
    public int WarmupIterations { get; set; } = 30;

    /// <summary>Time every node and operator type; implies -Latency.</summary>
    [Parameter]
    public SwitchParameter PerOperator { get; set; }

    /// <summary>The model to compare outputs with: a TfLiteGraph or the path of a .tflite file.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Reference { get; set; }

    /// <summary>Inputs of the runs (as Invoke-TfLiteModel takes them); seeded random inputs when absent.</summary>
    [Parameter]
    public object? InputData { get; set; }

    /// <summary>Seed of the random inputs (default 0).</summary>
    [Parameter]
    public int Seed { get; set; }

    /// <summary>Random samples compared with the reference (default 10).</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int SampleCount { get; set; } = 10;

    /// <summary>Compare every intermediate tensor that the model and the reference share by name.</summary>
    [Parameter]
    public SwitchParameter PerTensor { get; set; }

    /// <summary>Requantization rounding of the integer kernels: Double (default), Single, or Xnnpack (LiteRT's
    /// arithmetic).</summary>
    [Parameter]
    public RoundingMode Rounding { get => (RoundingMode)_rounding; set => _rounding = (int)value; }

    /// <summary>Threads the kernels may use (default 1).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThreadCount { get; set; } = 1;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (PerTensor && Reference is null)
            ThrowTerminatingError(ErrorRecords.Create(ErrorRecords.ReferenceRequired, ErrorCategory.InvalidArgument, null,
                new ArgumentException("-PerTensor compares with a reference model: give -Reference.")));
        _reference = Reference is null ? null : ResolveReference(Reference is PSObject ps ? ps.BaseObject : Reference);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == GraphSet)
        {
            MeasureOne(InputObject);
            return;
        }
        var literal = ParameterSetName == LiteralPathSet;
        var paths = new FileSystemPaths(this);
        foreach (var path in literal ? LiteralPath : Path)
            foreach (var file in paths.ExistingFiles(path, literal))
            {
                if (Stopping) return;
                if (ModelSource.TryRead(this, file) is { } graph) MeasureOne(graph);
            }
    }

    private void MeasureOne(TfLiteGraph graph)
    {
        try
        {
            // Converted at the first model, inside the error handling, so bad input data is an error per model.
            if (InputData is not null) _inputs ??= InputDataBinding.For(this).Convert(InputData);
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, graph, ErrorCategory.InvalidData) is { } record)
        {
            WriteError(record);
            return;
        }
        var options = new MeasureOptions
        {
            Latency = Latency || PerOperator,
            Iterations = Iterations,
            WarmupIterations = WarmupIterations,
            PerOperator = PerOperator,
            Reference = _reference,
            Inputs = _inputs,
            Seed = Seed,
            SampleCount = SampleCount,
            PerTensor = PerTensor,
            Interpreter = new InterpreterOptions { Rounding = Rounding, ThreadCount = ThreadCount },
        };
        try
        {
            using var progress = new PipelineProgress(this, "Measure-TfLiteModel", $"Measuring '{graph.Name}'");
            WriteObject(ModelMeasurer.Measure(graph, options, progress));
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, graph, ErrorCategory.InvalidOperation) is { } record)
        {
            WriteError(record);
        }
    }

    private TfLiteGraph ResolveReference(object reference)
    {
        switch (reference)
        {
            case TfLiteGraph graph: return graph;
            case string or FileInfo:
                var path = reference is FileInfo f ? f.FullName : (string)reference;
                return ModelSource.ReadSingle(this, path, literal: reference is FileInfo);
            default:
                ThrowTerminatingError(ErrorRecords.Create(ErrorRecords.InvalidReference, ErrorCategory.InvalidArgument, reference,
                    new ArgumentException($"-Reference takes a TfLiteGraph or the path of a .tflite file, not {reference.GetType().Name}.")));
                return null!;
        }
    }
}
