using System.Globalization;
using System.Management.Automation;
using TfLite.Core;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Keras;
using TfLite.Core.Quantization;
using TfLite.Core.Quantization.Optimization;
using TfLite.Core.Serialization;
using TfLite.PowerShell.Infrastructure;

namespace TfLite.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Quantizes a TFLite graph: float16, dynamic range, full int8 or int16x8.</para>
/// <para type="description">Takes graphs from the pipeline (Import-KerasModel, Import-TfLiteModel) or reads
/// .h5/.keras/.tflite files, and emits a new quantized graph for each; the input graph is left unchanged. The integer
/// modes take activation ranges from -CalibrationData or from a model trained with quantization-aware training.
/// With -Verbose, the calibrated ranges and the error of each quantized layer against the float model on the
/// calibration data are written.</para>
/// </summary>
[Cmdlet(VerbsCommon.Optimize, "TfLiteModel", DefaultParameterSetName = GraphSet)]
[OutputType(typeof(TfLiteGraph))]
public sealed class OptimizeTfLiteModelCommand : PSCmdlet
{
    private const string GraphSet = "Graph";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly CalibrationDataBinding _data = new();

    // Enum parameters of the core keep their values in int fields: a field of a core value type would make the
    // runtime load TfLite.Core while PowerShell scans the module's types, before the module's loader is set up.
    private int _mode = (int)QuantizationMode.DynamicRange;
    private int _calibrationMethod = (int)CalibrationMethod.MinMax;
    private int _rounding = (int)RoundingMode.Double;
    private readonly List<(TfLiteGraph? Graph, string? File)> _models = [];

    /// <summary>The float graph to quantize.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = GraphSet)]
    [ValidateNotNull]
    public TfLiteGraph InputObject { get; set; } = null!;

    /// <summary>Model files (.h5, .hdf5, .keras, .tflite); wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Model files taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The quantization mode; DynamicRange by default, as TensorFlow's Optimize.DEFAULT without data.</summary>
    [Parameter]
    public QuantizationMode Mode { get => (QuantizationMode)_mode; set => _mode = (int)value; }

    /// <summary>DynamicRange: quantize FULLY_CONNECTED weights per output channel too.</summary>
    [Parameter]
    public SwitchParameter PerChannel { get; set; }

    /// <summary>Samples for calibration: .npy/.npz paths or numeric arrays (first axis = samples). With -Path, arrays
    /// may come from the pipeline.</summary>
    [Parameter(ParameterSetName = GraphSet)]
    [Parameter(ParameterSetName = PathSet, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = LiteralPathSet, ValueFromPipeline = true)]
    public object[]? CalibrationData { get; set; }

    /// <summary>How calibration turns observed values into ranges.</summary>
    [Parameter]
    public CalibrationMethod CalibrationMethod { get => (CalibrationMethod)_calibrationMethod; set => _calibrationMethod = (int)value; }

    /// <summary>The percentile of -CalibrationMethod Percentile.</summary>
    [Parameter]
    [ValidateRange(0.0001, 100.0)]
    public double Percentile { get; set; } = 99.99;

    /// <summary>Image folders: the (height, width) images are resized to.</summary>
    [Parameter]
    [ValidateCount(1, 2)]
    public int[]? ImageSize { get; set; }

    /// <summary>Image folders: pixel values are multiplied by this (e.g. 1/255).</summary>
    [Parameter]
    public float Scale { get; set; } = 1f;

    /// <summary>Image folders: added to pixel values after -Scale.</summary>
    [Parameter]
    public float Offset { get; set; }

    /// <summary>Int8/Int16x8: type of the model inputs (Float32 keeps float inputs with a QUANTIZE after them).</summary>
    [Parameter]
    [ValidateSet("Float32", "Int8", "UInt8", "Int16")]
    public string InputType { get; set; } = "Float32";

    /// <summary>Int8/Int16x8: type of the model outputs.</summary>
    [Parameter]
    [ValidateSet("Float32", "Int8", "UInt8", "Int16")]
    public string OutputType { get; set; } = "Float32";

    /// <summary>UInt8 inputs: the mean and standard deviation that normalized the training data.</summary>
    [Parameter]
    [ValidateCount(2, 2)]
    public float[]? InputStats { get; set; }

    /// <summary>Int8/Int16x8: fail rather than leave an operator without an integer kernel in float.</summary>
    [Parameter]
    public SwitchParameter IntegerOnly { get; set; }

    /// <summary>Layers (or tensors) that stay in float; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] ExcludeLayer { get; set; } = [];

    /// <summary>Operator types that stay in float (e.g. SOFTMAX, Conv*); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] ExcludeOperator { get; set; } = [];

    /// <summary>Requantization rounding of the integer kernels in the -Verbose error report.</summary>
    [Parameter]
    public RoundingMode Rounding { get => (RoundingMode)_rounding; set => _rounding = (int)value; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (ImageSize is not null || Scale != 1f || Offset != 0f)
            WriteWarning("-ImageSize, -Scale and -Offset apply to image folders, which this build does not read yet; they are ignored.");
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!TryAddData()) return;
        if (ParameterSetName == GraphSet)
        {
            _models.Add((InputObject, null));
            return;
        }
        var literal = ParameterSetName == LiteralPathSet;
        var paths = new FileSystemPaths(this);
        foreach (var path in literal ? LiteralPath : Path)
            foreach (var file in paths.ExistingFiles(path, literal))
                if (!_models.Any(m => m.File == file)) _models.Add((null, file));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // Models are quantized once all calibration data has arrived (it may come down the pipeline).
        foreach (var (graph, file) in _models)
        {
            if (Stopping) return;
            var target = (object?)file ?? graph;
            try
            {
                var floatGraph = graph ?? Read(file!);
                WriteObject(Optimize(floatGraph));
            }
            catch (Exception ex) when (ErrorRecords.FromException(ex, target, ErrorCategory.ReadError) is { } record)
            {
                WriteError(record);
            }
        }
    }

    private bool TryAddData()
    {
        try
        {
            foreach (var item in CalibrationData ?? []) _data.Add(this, item);
            CalibrationData = null; // pipeline items bind anew for each record
            return true;
        }
        catch (Exception ex) when (ErrorRecords.FromException(ex, "CalibrationData", ErrorCategory.ReadError) is { } record)
        {
            ThrowTerminatingError(record);
            return false;
        }
    }

    private TfLiteGraph Read(string file)
    {
        WriteVerbose($"Reading '{file}'.");
        var graph = System.IO.Path.GetExtension(file).Equals(".tflite", StringComparison.OrdinalIgnoreCase)
            ? TfLiteReader.ReadFile(file)
            : KerasImporter.Import(file);
        graph.SourcePath ??= file;
        return graph;
    }

    private TfLiteGraph Optimize(TfLiteGraph floatGraph)
    {
        var integer = ModelOptimizer.IsIntegerMode(Mode);
        var samples = integer && !_data.IsEmpty ? _data.For(floatGraph) : null;
        if (!integer && !_data.IsEmpty)
            WriteWarning($"{Mode} quantization needs no calibration data; -CalibrationData is ignored.");
        if (integer && samples is null && ModelOptimizer.HasTrainedRanges(floatGraph))
            WriteVerbose($"Using the ranges of quantization-aware training recorded in '{floatGraph.Name}'.");

        var progress = new ProgressRecord(1, "Optimize-TfLiteModel", $"Calibrating '{floatGraph.Name}' on {samples?.Count ?? 0} sample(s)");
        var log = new VerboseLog(this);
        var request = new OptimizationRequest
        {
            Quantization = new QuantizationOptions
            {
                Mode = Mode,
                PerChannel = PerChannel,
                InputType = Enum.Parse<TensorType>(InputType),
                OutputType = Enum.Parse<TensorType>(OutputType),
                IntegerOnly = IntegerOnly,
                ExcludeLayers = ExcludeLayer,
                ExcludeOperators = ExcludeOperator,
                InputStats = InputStats is { Length: 2 } s ? (s[0], s[1]) : null,
                Log = log,
            },
            Calibration = samples,
            Method = CalibrationMethod,
            Percentile = Percentile,
            SampleProgress = new SampleProgress(this, progress, samples?.Count ?? 0),
        };
        var result = ModelOptimizer.Optimize(floatGraph, request);
        if (samples is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        if (IsVerbose)
        {
            foreach (var (name, (min, max)) in result.Ranges ?? new Dictionary<string, (float, float)>())
                WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Range {name}: [{min:G6}, {max:G6}]"));
            if (samples is not null && integer) WriteLayerErrors(floatGraph, result.Graph, samples);
        }
        return result.Graph;
    }

    private void WriteLayerErrors(TfLiteGraph floatGraph, TfLiteGraph quantized, CalibrationSamples samples)
    {
        foreach (var e in LayerErrorReport.Compare(floatGraph, quantized, samples, Rounding))
            WriteVerbose(string.Create(CultureInfo.InvariantCulture,
                $"Error {e.Layer ?? e.Tensor} ({e.Operator}, {e.Type}): SNR {e.SnrDecibels:F1} dB, max |error| {e.MaxAbsError:G4}"));
    }

    private bool IsVerbose =>
        MyInvocation.BoundParameters.TryGetValue("Verbose", out var v)
            ? v is SwitchParameter { IsPresent: true } || v is true
            : GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue;

    /// <summary>Writes each calibrated sample as Write-Progress.</summary>
    private sealed class SampleProgress(Cmdlet cmdlet, ProgressRecord record, int total) : IProgress<int>
    {
        public void Report(int value)
        {
            if (cmdlet.Stopping || total == 0) return;
            record.PercentComplete = (int)(100L * value / total);
            record.CurrentOperation = $"Sample {value} of {total}";
            cmdlet.WriteProgress(record);
        }
    }

    /// <summary>The quantizer's decisions, written as verbose messages.</summary>
    private sealed class VerboseLog(Cmdlet cmdlet) : IProgress<string>
    {
        public void Report(string value) => cmdlet.WriteVerbose(value);
    }
}
