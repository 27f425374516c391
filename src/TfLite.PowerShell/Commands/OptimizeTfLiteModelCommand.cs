using System.Globalization;
using System.Management.Automation;
using TfLite.Core;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Keras;
using TfLite.Core.Quantization;
using TfLite.Core.Quantization.Calibration;
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
    private int _calibrationMethod = (int)RangeMethod.MinMax;
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

    /// <summary>Samples for calibration: .npy/.npz/.csv paths, image folders, or numeric arrays (first axis =
    /// samples). With -Path, arrays may come from the pipeline.</summary>
    [Parameter(ParameterSetName = GraphSet)]
    [Parameter(ParameterSetName = PathSet, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = LiteralPathSet, ValueFromPipeline = true)]
    public object[]? CalibrationData { get; set; }

    /// <summary>How calibration turns observed values into ranges.</summary>
    [Parameter]
    public RangeMethod CalibrationMethod { get => (RangeMethod)_calibrationMethod; set => _calibrationMethod = (int)value; }

    /// <summary>The percentile of -CalibrationMethod Percentile.</summary>
    [Parameter]
    [ValidateRange(0.0001, 100.0)]
    public double Percentile { get; set; } = PercentileObserver.DefaultPercentile;

    /// <summary>Image folders: the (height, width) images are resized to; one value for square images.</summary>
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
        var samples = integer && !_data.IsEmpty ? _data.For(floatGraph, Images) : null;
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
            SampleProgress = new SampleProgress(this, progress),
        };
        if (samples is not null)
        {
            // Calibrate first, so that the ranges are told even when quantizing then fails.
            var ranges = ModelOptimizer.Calibrate(floatGraph, request);
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            if (IsVerbose)
                foreach (var (name, (min, max)) in ranges)
                    WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Range {name}: [{min:G6}, {max:G6}]"));
            request = request with { Calibration = null, Quantization = ModelOptimizer.WithRanges(request.Quantization, ranges) };
        }
        var quantized = ModelOptimizer.Optimize(floatGraph, request).Graph;
        if (IsVerbose && samples is not null) WriteLayerErrors(floatGraph, quantized, samples);
        return quantized;
    }

    private ImagePreprocessing Images => new()
    {
        Scale = Scale,
        Offset = Offset,
        Size = ImageSize is { Length: > 0 } size ? (size[^1], size[0]) : null,
    };

    private void WriteLayerErrors(TfLiteGraph floatGraph, TfLiteGraph quantized, CalibrationDataset samples)
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
    private sealed class SampleProgress(Cmdlet cmdlet, ProgressRecord record) : IProgress<CalibrationProgress>
    {
        public void Report(CalibrationProgress value)
        {
            if (cmdlet.Stopping || value.Total == 0) return;
            record.PercentComplete = (int)(100L * value.Completed / value.Total);
            record.CurrentOperation = $"Sample {value.Completed} of {value.Total}";
            cmdlet.WriteProgress(record);
        }
    }

    /// <summary>The quantizer's decisions, written as verbose messages.</summary>
    private sealed class VerboseLog(Cmdlet cmdlet) : IProgress<string>
    {
        public void Report(string value) => cmdlet.WriteVerbose(value);
    }
}
