using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Quantization.Calibration;

namespace TfLite.Core.Quantization.Optimization;

/// <summary>The error one tensor of a quantized model has against the same tensor of the float model.</summary>
/// <param name="Tensor">The tensor's name (the same in both models).</param>
/// <param name="Layer">The layer that produced it, if known.</param>
/// <param name="Operator">The operator that writes it in the quantized model.</param>
/// <param name="Type">Its type in the quantized model.</param>
/// <param name="SnrDecibels">Signal-to-noise ratio of the quantized values against the float ones, in dB.</param>
/// <param name="MaxAbsError">The largest absolute difference.</param>
public sealed record LayerError(string Tensor, string? Layer, BuiltinOperator Operator, TensorType Type, double SnrDecibels, double MaxAbsError);

/// <summary>Compares every operator output of a quantized model with the float model's tensor of the same name,
/// over calibration samples (quantized tensors are dequantized first).</summary>
public static class LayerErrorReport
{
    /// <summary>One entry per operator output of <paramref name="quantized"/> that <paramref name="floatGraph"/> also
    /// has with the same element count, in operator order.</summary>
    /// <param name="floatGraph">The float model.</param>
    /// <param name="quantized">Its quantized form.</param>
    /// <param name="samples">Inputs to run both on.</param>
    /// <param name="rounding">Requantization rounding of the integer kernels.</param>
    /// <param name="maxSamples">How many samples to use at most.</param>
    public static IReadOnlyList<LayerError> Compare(TfLiteGraph floatGraph, TfLiteGraph quantized, CalibrationDataset samples,
        RoundingMode rounding = RoundingMode.Double, int maxSamples = 32)
    {
        ArgumentNullException.ThrowIfNull(floatGraph);
        ArgumentNullException.ThrowIfNull(quantized);
        ArgumentNullException.ThrowIfNull(samples);
        var reference = new SampleRunner(floatGraph, samples, new InterpreterOptions { PreserveAllTensors = true });
        var candidate = new SampleRunner(quantized, samples, new InterpreterOptions { PreserveAllTensors = true, Rounding = rounding });
        var outputs = quantized.Main.Operators.SelectMany(op => op.Outputs.Select(t => (op, t)))
            .Where(p => floatGraph.Main.Tensors.Any(f => f.Name == p.t.Name && f.Type == TensorType.Float32))
            .ToList();
        var stats = outputs.Select(_ => new SignalToNoise()).ToArray();
        for (var s = 0; s < Math.Min(samples.Count, maxSamples); s++)
        {
            reference.Run(s);
            candidate.Run(s);
            for (var k = 0; k < outputs.Count; k++)
            {
                if (reference.Interpreter.FindTensor(outputs[k].t.Name) is not { HasMemory: true } r
                    || candidate.Interpreter.FindTensor(outputs[k].t.Name) is not { HasMemory: true } c
                    || r.ElementCount != c.ElementCount) continue;
                stats[k].Add(r.ToFloatArray(), c.ToFloatArray());
            }
        }
        return outputs.Select((p, k) => new LayerError(p.t.Name, p.op.SourceLayer, p.op.Code, p.t.Type, stats[k].Decibels, stats[k].MaxAbsError)).ToList();
    }
}
