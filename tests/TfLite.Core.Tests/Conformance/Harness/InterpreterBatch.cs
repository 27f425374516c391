using TfLite.Core.Graph;

namespace TfLite.Core.Tests.Conformance.Harness;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>
/// Runs samples through our managed interpreter one at a time (batch 1, states reset before each), in the
/// signature order of <see cref="SignatureIo"/>: for files the oracle cannot load, such as fused recurrent layers
/// whose states are variable tensors.
/// </summary>
public static class InterpreterBatch
{
    /// <summary>Runs <paramref name="samples"/> samples; <paramref name="inputs"/> in the graph's signature order.</summary>
    public static IReadOnlyList<BatchOutput> Run(TfLiteGraph graph, IReadOnlyList<BatchInput> inputs, int samples)
    {
        var io = SignatureIo.Of(graph);
        var interpreter = new Interpreter(graph);
        var inputIndex = io.Inputs.Select(e => interpreter.GetInputIndex(e.Tensor.Name)).ToArray();
        var outputIndex = io.Outputs.Select(e => interpreter.GetOutputIndex(e.Tensor.Name)).ToArray();
        var outputs = new List<(int[] Shape, List<double> Values)>();
        for (var s = 0; s < samples; s++)
        {
            interpreter.ResetState();
            for (var i = 0; i < inputs.Count; i++)
            {
                var size = inputs[i].SampleShape.Aggregate(1, (a, d) => a * d);
                var values = inputs[i].Values.AsSpan(s * size, size);
                int[] shape = [1, .. inputs[i].SampleShape];
                if (io.Inputs[i].Tensor.Type == TensorType.Int32)
                    interpreter.SetInput(inputIndex[i], values.ToArray().Select(v => (int)v).ToArray(), shape);
                else
                    interpreter.SetInput(inputIndex[i], values.ToArray().Select(v => (float)v).ToArray(), shape);
            }
            interpreter.Invoke();
            for (var o = 0; o < outputIndex.Length; o++)
            {
                if (s == 0) outputs.Add((interpreter.GetOutputShape(outputIndex[o])[1..], []));
                outputs[o].Values.AddRange(interpreter.GetOutput<float>(outputIndex[o]).ToArray().Select(v => (double)v));
            }
        }
        return outputs.Select(o => new BatchOutput(o.Shape, o.Values.ToArray())).ToList();
    }
}
