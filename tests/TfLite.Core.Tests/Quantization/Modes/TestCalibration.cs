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
    /// <summary>Samples, one array per model input: MNIST calibration digits for a single 28×28 input, else seeded
    /// uniform [0, 1) values. Each array has its input's shape with batch 1.</summary>
    public static List<float[][]> Samples(TfLiteGraph graph, string seedName, int count)
    {
        var sizes = Enumerable.Range(0, graph.Inputs.Count).Select(i => SampleShape(graph, i).Aggregate(1, (a, d) => a * d)).ToArray();
        if (sizes is [28 * 28])
        {
            var digits = NpyReader.Read(SharedData.Path("datasets", "mnist", "x_calib.npy")).ToSingleArray();
            return Enumerable.Range(0, count).Select(i => new[] { digits.AsSpan(i * sizes[0], sizes[0]).ToArray() }).ToList();
        }
        var rng = SeededInputs.For(seedName);
        return Enumerable.Range(0, count).Select(_ => sizes.Select(rng.Uniform).ToArray()).ToList();
    }

    /// <summary>A model input's shape with batch 1.</summary>
    public static int[] SampleShape(TfLiteGraph graph, int input = 0)
    {
        var shape = (int[])graph.Inputs[input].Shape.Clone();
        shape[0] = 1;
        return shape;
    }

    /// <summary>Gives each model input its array of the sample.</summary>
    public static void SetInputs(TfLite.Core.Interpreter.Interpreter interpreter, TfLiteGraph graph, float[][] sample)
    {
        for (var i = 0; i < sample.Length; i++) interpreter.SetInput(i, sample[i], SampleShape(graph, i));
    }

    /// <summary>Min/max of every float activation over the samples.</summary>
    public static Dictionary<string, (float Min, float Max)> Ranges(TfLiteGraph graph, IEnumerable<float[][]> samples)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph, new InterpreterOptions { PreserveAllTensors = true });
        var ranges = new Dictionary<string, (float Min, float Max)>();
        foreach (var sample in samples)
        {
            SetInputs(interpreter, graph, sample);
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
