using TfLite.Core.Graph;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Quantization.Optimization;

/// <summary>
/// Calibration as TensorFlow's calibrator does it: the float graph runs over every sample and each float
/// activation's range is the smallest and largest value it took.
/// </summary>
internal static class MinMaxCalibration
{
    /// <summary>Tensor name → (min, max) over all samples, for every float tensor computed at run time or fed in.</summary>
    public static Dictionary<string, (float Min, float Max)> Run(TfLiteGraph graph, CalibrationSamples samples, IProgress<int>? progress,
        CancellationToken cancel = default)
    {
        var runner = new SampleRunner(graph, samples, new InterpreterOptions { PreserveAllTensors = true });
        var ranges = new Dictionary<string, (float Min, float Max)>(StringComparer.Ordinal);
        for (var s = 0; s < samples.Count; s++)
        {
            cancel.ThrowIfCancellationRequested();
            runner.Run(s);
            foreach (var t in runner.Interpreter.Tensors)
            {
                if (t.Type != TensorType.Float32 || t.IsConstant || !t.HasMemory) continue;
                var values = t.AsSpan<float>();
                if (values.IsEmpty) continue;
                var (min, max) = (System.Numerics.Tensors.TensorPrimitives.Min(values), System.Numerics.Tensors.TensorPrimitives.Max(values));
                ranges[t.Name] = ranges.TryGetValue(t.Name, out var r) ? (Math.Min(r.Min, min), Math.Max(r.Max, max)) : (min, max);
            }
            progress?.Report(s + 1);
        }
        return ranges;
    }
}
