using TfLite.Core.Graph;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Quantization.Calibration;

/// <summary>
/// Runs a float graph over calibration samples with our interpreter, keeping every intermediate tensor, and feeds
/// the values of every float32 activation (inputs and outputs included, constants excluded) of the main subgraph
/// to its own range observer.
/// </summary>
public sealed class Calibrator
{
    private readonly TfLiteGraph _graph;
    private readonly Func<IRangeObserver> _newObserver;
    private readonly InterpreterOptions _options;

    /// <summary>Creates a calibrator.</summary>
    /// <param name="graph">A float graph (it is not changed).</param>
    /// <param name="newObserver">Makes one observer per tensor, e.g. <c>() =&gt; RangeObservers.Create(RangeMethod.MinMax)</c>.</param>
    /// <param name="options">Interpreter settings (threads); tensors are always preserved.</param>
    public Calibrator(TfLiteGraph graph, Func<IRangeObserver> newObserver, InterpreterOptions? options = null)
    {
        _graph = graph;
        _newObserver = newObserver;
        _options = (options ?? InterpreterOptions.Default) with { PreserveAllTensors = true };
    }

    /// <summary>
    /// Runs every sample and returns tensor name -&gt; range for [<paramref name="qmin"/>, <paramref name="qmax"/>]
    /// (tensors that only ever held NaN are left out).
    /// </summary>
    /// <exception cref="QuantizationException"><see cref="CalibrationErrorIds.NoSamples"/> for an empty dataset,
    /// <see cref="CalibrationErrorIds.ShapeMismatch"/> when the data does not fit the graph's inputs.</exception>
    public IReadOnlyDictionary<string, (float Min, float Max)> Run(CalibrationDataset data, int qmin = sbyte.MinValue, int qmax = sbyte.MaxValue,
        IProgress<CalibrationProgress>? progress = null, CancellationToken cancellation = default)
    {
        var inputs = CalibrationInput.Of(_graph);
        CheckFits(data, inputs);
        var interpreter = new Interpreter.Interpreter(_graph, _options);
        var watched = interpreter.Tensors.Where(t => t is { Type: TensorType.Float32, IsConstant: false }).ToList();
        var observers = watched.Select(_ => _newObserver()).ToArray();
        for (int s = 0; s < data.Count; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            var sample = data.GetSample(s);
            for (int i = 0; i < inputs.Count; i++)
            {
                if (sample.Length != inputs.Count || sample[i].Length != inputs[i].SampleLength)
                    throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                        $"Sample {s} of {data.Source} does not fit input '{inputs[i].Name}' ({inputs[i].SampleLength} values).", inputs[i].Name);
                interpreter.SetInput<float>(i, sample[i], inputs[i].SampleShape);
            }
            interpreter.Invoke();
            for (int t = 0; t < watched.Count; t++)
                if (watched[t].HasMemory) observers[t].Observe(watched[t].AsSpan<float>());
            progress?.Report(new CalibrationProgress(s + 1, data.Count));
        }
        var ranges = new Dictionary<string, (float Min, float Max)>(StringComparer.Ordinal);
        for (int t = 0; t < watched.Count; t++)
            if (observers[t].HasValues) ranges[watched[t].Name] = observers[t].Range(qmin, qmax);
        return ranges;
    }

    private static void CheckFits(CalibrationDataset data, IReadOnlyList<CalibrationInput> inputs)
    {
        if (data.Count == 0)
            throw new QuantizationException(CalibrationErrorIds.NoSamples, $"The calibration data {data.Source} holds no samples.", data.Source);
        if (data.Inputs.Count != inputs.Count)
            throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                $"The calibration data {data.Source} has {data.Inputs.Count} inputs but the model {inputs.Count}.", data.Source);
        for (int i = 0; i < inputs.Count; i++)
            if (data.Inputs[i].SampleLength != inputs[i].SampleLength)
                throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                    $"Input '{inputs[i].Name}' takes {inputs[i].SampleLength} values per sample ({Shape.Format(inputs[i].SampleShape)}) but the calibration data {data.Source} gives {data.Inputs[i].SampleLength}.",
                    inputs[i].Name);
    }
}
