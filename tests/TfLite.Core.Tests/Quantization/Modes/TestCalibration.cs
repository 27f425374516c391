using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Tests.Conformance.Harness;
using TfLite.Core.Tests.Infrastructure;

namespace TfLite.Core.Tests.Quantization.Modes;

/// <summary>
/// Plain calibration for the tests, independent of the library's calibrator: runs the float graph with every tensor
/// preserved and records each float activation's min and max over the samples.
/// </summary>
internal static class TestCalibration
{
    /// <summary>Samples for a single-input model: MNIST calibration digits for 28×28 inputs, else seeded uniform
    /// [0, 1) values. Each sample has the input's shape with batch 1.</summary>
    public static List<float[]> Samples(TfLiteGraph graph, string seedName, int count)
    {
        var shape = SampleShape(graph);
        var size = shape.Aggregate(1, (a, d) => a * d);
        if (size == 28 * 28)
        {
            var digits = NpyReader.Read(SharedData.Path("datasets", "mnist", "x_calib.npy")).ToSingleArray();
            return Enumerable.Range(0, count).Select(i => digits.AsSpan(i * size, size).ToArray()).ToList();
        }
        var rng = SeededInputs.For(seedName);
        return Enumerable.Range(0, count).Select(_ => rng.Uniform(size)).ToList();
    }

    /// <summary>The model input's shape with batch 1.</summary>
    public static int[] SampleShape(TfLiteGraph graph)
    {
        var shape = (int[])graph.Inputs[0].Shape.Clone();
        shape[0] = 1;
        return shape;
    }

    /// <summary>Min/max of every float activation over the samples.</summary>
    public static Dictionary<string, (float Min, float Max)> Ranges(TfLiteGraph graph, IEnumerable<float[]> samples)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph, new InterpreterOptions { PreserveAllTensors = true });
        var ranges = new Dictionary<string, (float Min, float Max)>();
        foreach (var sample in samples)
        {
            interpreter.SetInput(0, sample, SampleShape(graph));
            interpreter.Invoke();
            foreach (var t in interpreter.Tensors)
            {
                if (t.Type != TensorType.Float32 || t.IsConstant || !t.HasMemory) continue;
                var v = t.AsSpan<float>();
                if (v.Length == 0) continue;
                float min = float.PositiveInfinity, max = float.NegativeInfinity;
                foreach (var x in v) { min = Math.Min(min, x); max = Math.Max(max, x); }
                ranges[t.Name] = ranges.TryGetValue(t.Name, out var r) ? (Math.Min(r.Min, min), Math.Max(r.Max, max)) : (min, max);
            }
        }
        return ranges;
    }
}
