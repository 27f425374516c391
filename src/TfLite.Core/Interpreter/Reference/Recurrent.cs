namespace TfLite.Core.Interpreter.Reference;

/// <summary>Float recurrent-cell math shared by the sequence kernels.</summary>
internal static class Recurrent
{
    /// <summary>TFLite Micro's LSTM gate: clamp(W x + b) + clamp(R h), then the gate's activation.
    /// <paramref name="scratch"/> holds the recurrent product.</summary>
    public static void Gate(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, ReadOnlySpan<float> h, ReadOnlySpan<float> r,
        int inputSize, int stateSize, int units, Span<float> gate, Span<float> scratch, Func<float, float> activation)
    {
        FullyConnected.Float(x, w, bias, gate, 1, inputSize, units, float.MinValue, float.MaxValue);
        FullyConnected.Float(h, r, default, scratch, 1, stateSize, units, float.MinValue, float.MaxValue);
        for (int i = 0; i < units; i++) gate[i] = activation(gate[i] + scratch[i]);
    }

    /// <summary>c = clip(clamp(f * c) + clamp(i * g)) and h = clamp(act(c) * o), in TFLite Micro's order.</summary>
    public static void UpdateCellAndHidden(Span<float> cell, Span<float> hidden, ReadOnlySpan<float> forget, ReadOnlySpan<float> input,
        ReadOnlySpan<float> cellGate, ReadOnlySpan<float> output, float cellClip, Func<float, float> activation)
    {
        for (int i = 0; i < cell.Length; i++)
        {
            float c = FloatActivation.Clamp(forget[i] * cell[i], float.MinValue, float.MaxValue);
            float ig = FloatActivation.Clamp(input[i] * cellGate[i], float.MinValue, float.MaxValue);
            c += ig;
            if (cellClip > 0) c = Math.Clamp(c, -cellClip, cellClip);
            cell[i] = c;
            hidden[i] = FloatActivation.Clamp(activation(c) * output[i], float.MinValue, float.MaxValue);
        }
    }

    /// <summary>TFLite's RnnBatchStep (float): h = act(bias + W x + R h), dot products accumulated separately.</summary>
    public static void RnnStep(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> r, ReadOnlySpan<float> bias,
        int inputSize, int units, Span<float> hidden, Span<float> output, Func<float, float> activation)
    {
        bias.CopyTo(output);
        for (int u = 0; u < units; u++)
        {
            float dot = 0f;
            for (int i = 0; i < inputSize; i++) dot += w[u * inputSize + i] * x[i];
            output[u] += dot;
        }
        for (int u = 0; u < units; u++)
        {
            float dot = 0f;
            for (int i = 0; i < units; i++) dot += r[u * units + i] * hidden[i];
            output[u] += dot;
        }
        for (int u = 0; u < units; u++) output[u] = activation(output[u]);
        output.CopyTo(hidden);
    }

    /// <summary>TFLite's ApplyActivationToVector for the fused activations of recurrent ops.</summary>
    public static Func<float, float> Activation(Graph.ActivationFunction f) => f switch
    {
        Graph.ActivationFunction.None => v => v,
        Graph.ActivationFunction.Relu => v => v < 0f ? 0f : v,
        Graph.ActivationFunction.Relu6 => v => FloatActivation.Clamp(v, 0f, 6f),
        Graph.ActivationFunction.ReluN1To1 => v => FloatActivation.Clamp(v, -1f, 1f),
        Graph.ActivationFunction.Tanh => MathF.Tanh,
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, "No float form for this activation."),
    };
}
