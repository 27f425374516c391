using TfLite.Core.Graph;
using TfLite.Core.Quantization.Calibration;

namespace TfLite.Core.Quantization.Optimization;

/// <summary>A quantized model and the calibrated ranges it was made with (null when none were calibrated).</summary>
public sealed record OptimizationResult(TfLiteGraph Graph, IReadOnlyDictionary<string, (float Min, float Max)>? Ranges);

/// <summary>
/// One call from a float model to a quantized one: checks that an integer mode has ranges to work with (calibration
/// samples or ranges from quantization-aware training), calibrates, and quantizes with
/// <see cref="ModelQuantizer"/>. The input graph is never changed.
/// </summary>
public static class ModelOptimizer
{
    /// <summary>Quantizes a copy of <paramref name="floatGraph"/>.</summary>
    /// <exception cref="QuantizationException"><c>MissingCalibrationData</c>: Int8/Int16x8 without samples and without
    /// trained ranges; and whatever <see cref="ModelQuantizer.Quantize"/> raises
    /// (e.g. <c>NoIntegerKernel</c> with IntegerOnly) and the <see cref="Calibrator"/> raises.</exception>
    public static OptimizationResult Optimize(TfLiteGraph floatGraph, OptimizationRequest request, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(floatGraph);
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Quantization;
        if (!IsIntegerMode(options.Mode)) return new(ModelQuantizer.Quantize(floatGraph, options), null);

        if (request.Calibration is null or { Count: 0 })
        {
            if (!HasTrainedRanges(floatGraph) && options.Ranges is not { Count: > 0 })
                throw new QuantizationException("MissingCalibrationData",
                    $"{options.Mode} quantization needs calibration data (samples of the model's inputs) or a model trained with quantization-aware training; '{floatGraph.Name}' has neither.",
                    floatGraph.SourcePath ?? floatGraph.Name);
            return new(ModelQuantizer.Quantize(floatGraph, options), null);
        }
        var ranges = Calibrate(floatGraph, request, cancel);
        return new(ModelQuantizer.Quantize(floatGraph, WithRanges(options, ranges)), ranges);
    }

    /// <summary>Activation ranges of <paramref name="floatGraph"/> over the request's samples, by tensor name, for the
    /// integer range of the request's mode.</summary>
    public static IReadOnlyDictionary<string, (float Min, float Max)> Calibrate(TfLiteGraph floatGraph, OptimizationRequest request,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request.Calibration);
        var (qmin, qmax) = request.Quantization.Mode == QuantizationMode.Int16x8 ? (short.MinValue, short.MaxValue) : (sbyte.MinValue, sbyte.MaxValue);
        return new Calibrator(floatGraph, () => RangeObservers.Create(request.Method, request.Percentile))
            .Run(request.Calibration, qmin, qmax, request.SampleProgress, cancel);
    }

    /// <summary>True when some run-time tensor carries a range from quantization-aware training.</summary>
    public static bool HasTrainedRanges(TfLiteGraph graph) =>
        graph.Main.Tensors.Any(t => !t.IsConstant && t.Quantization is { IsQuantized: false, Min.Length: > 0, Max.Length: > 0 });

    /// <summary>True for the modes whose activations are integers and need ranges.</summary>
    public static bool IsIntegerMode(QuantizationMode mode) => mode is QuantizationMode.Int8 or QuantizationMode.Int16x8;

    /// <summary>A copy of <paramref name="o"/> with calibrated <paramref name="ranges"/>.</summary>
    public static QuantizationOptions WithRanges(QuantizationOptions o, IReadOnlyDictionary<string, (float Min, float Max)> ranges) => new()
    {
        Mode = o.Mode,
        PerChannel = o.PerChannel,
        InputType = o.InputType,
        OutputType = o.OutputType,
        IntegerOnly = o.IntegerOnly,
        ExcludeLayers = o.ExcludeLayers,
        ExcludeOperators = o.ExcludeOperators,
        InputStats = o.InputStats,
        Ranges = ranges,
        Log = o.Log,
    };
}
