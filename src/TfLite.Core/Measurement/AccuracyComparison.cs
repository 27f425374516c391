using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Measurement;

/// <summary>Accuracy of a model against a reference model on the same inputs.</summary>
public sealed class AccuracyReport
{
    /// <summary>Runs compared.</summary>
    public int Samples { get; init; }

    /// <summary>One entry per output of the measured model, matched to the reference's output of the same name
    /// (or position).</summary>
    public IReadOnlyList<OutputAccuracy> Outputs { get; init; } = [];

    /// <summary>Every non-constant tensor the two models share by name and size (empty unless asked for).</summary>
    public IReadOnlyList<TensorError> Tensors { get; init; } = [];
}

/// <summary>Runs a model and a reference model (e.g. int8 against float) on the same samples and compares their
/// outputs and, like TensorFlow's QuantizationDebugger, every intermediate tensor the two share by name.</summary>
public static class AccuracyComparison
{
    /// <summary>Compares the models over the samples.</summary>
    /// <param name="measured">The model being measured.</param>
    /// <param name="reference">The model taken as truth.</param>
    /// <param name="samples">The inputs of each run.</param>
    /// <param name="options">Interpreter options of both models (PreserveAllTensors is set for per-tensor).</param>
    /// <param name="perTensor">Compare every shared intermediate tensor too.</param>
    /// <param name="progress">Called after each sample with (samples done, samples in all).</param>
    public static AccuracyReport Compare(TfLiteGraph measured, TfLiteGraph reference, IReadOnlyList<IReadOnlyList<NamedArray>> samples,
        InterpreterOptions options, bool perTensor, Action<int, int>? progress = null)
    {
        var runOptions = perTensor ? options with { PreserveAllTensors = true } : options;
        var subject = new ModelRunner(measured, runOptions);
        var truth = new ModelRunner(reference, runOptions);
        var outputs = new Dictionary<int, (List<float> Measured, List<float> Reference, string Name, int Row)>();
        var tensors = new Dictionary<string, (List<float> Measured, List<float> Reference, RuntimeTensor Tensor)>();
        for (int s = 0; s < samples.Count; s++)
        {
            var got = subject.Run(samples[s]);
            var want = truth.Run(samples[s]);
            for (int o = 0; o < got.Count; o++)
            {
                var match = want.FirstOrDefault(w => w.Name == got[o].Name) ?? (o < want.Count ? want[o] : null);
                if (match is null || match.Values.Length != got[o].Values.Length) continue;
                if (!outputs.TryGetValue(o, out var acc))
                    outputs[o] = acc = ([], [], got[o].Name, got[o].Shape.Length == 0 ? 1 : got[o].Shape[^1]);
                acc.Measured.AddRange(got[o].Values);
                acc.Reference.AddRange(match.Values);
            }
            if (perTensor) CollectTensors(subject, truth, tensors);
            progress?.Invoke(s + 1, samples.Count);
        }
        return new AccuracyReport
        {
            Samples = samples.Count,
            Outputs = outputs.OrderBy(p => p.Key)
                .Select(p => ErrorMetrics.Compare(p.Value.Name, p.Value.Measured.ToArray(), p.Value.Reference.ToArray(), p.Value.Row)).ToList(),
            Tensors = tensors.Select(p =>
            {
                var q = p.Value.Tensor.Quantization is { IsQuantized: true } qp && p.Value.Tensor.Type.IsQuantizedType() ? qp : null;
                return ErrorMetrics.TensorStats(p.Key, p.Value.Measured.ToArray(), p.Value.Reference.ToArray(), q?.Scale[0], q?.ZeroPoint[0]);
            }).ToList(),
        };
    }

    private static void CollectTensors(ModelRunner subject, ModelRunner truth,
        Dictionary<string, (List<float> Measured, List<float> Reference, RuntimeTensor Tensor)> tensors)
    {
        foreach (var t in subject.Interpreter.Tensors)
        {
            if (t.IsConstant || !HasFloatView(t.Type)) continue;
            var other = truth.Interpreter.FindTensor(t.Name);
            if (other is null || other.IsConstant || !HasFloatView(other.Type) || other.ElementCount != t.ElementCount || !t.HasMemory || !other.HasMemory) continue;
            if (!tensors.TryGetValue(t.Name, out var acc)) tensors[t.Name] = acc = ([], [], t);
            acc.Measured.AddRange(t.ToFloatArray());
            acc.Reference.AddRange(other.ToFloatArray());
        }
    }

    private static bool HasFloatView(TensorType type) => type is TensorType.Float32 or TensorType.Float16 or TensorType.Float64
        or TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Int32 or TensorType.Int64;
}
