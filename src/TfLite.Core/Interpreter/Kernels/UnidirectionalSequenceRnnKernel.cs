using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>
/// UNIDIRECTIONAL_SEQUENCE_RNN: inputs (input [B,T,I], weights [U,I], recurrent weights [U,U], bias [U], hidden state
/// [B,U] variable). Float path and hybrid path (int8 weights; input and hidden state quantized per batch row at run
/// time), each step as TFLite's RnnBatchStep.
/// </summary>
internal sealed class UnidirectionalSequenceRnnKernel : IKernel
{
    public string? CheckSupport(OpNode node)
    {
        if (node.InputCount < 5) return "needs 5 inputs";
        var act = node.GetOptions<SequenceRnnOptions>().FusedActivation;
        if (act == ActivationFunction.SignBit) return "activation SignBit is not supported";
        return (node.Input(0).Type, node.Input(1).Type, node.Input(2).Type) switch
        {
            (TensorType.Float32, TensorType.Float32, TensorType.Float32) => null,
            (TensorType.Float32, TensorType.Int8, TensorType.Int8) => HybridWeights.Check(node.Input(1)) ?? HybridWeights.Check(node.Input(2)),
            _ => "no kernel for these types",
        };
    }

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<SequenceRnnOptions>();
        var input = node.Input(0);
        KernelSupport.RequireRank(node, input, 3);
        int units = node.Input(1).Shape[0];
        KernelSupport.Require(node, node.Input(1).Shape[1] == input.Shape[2], "input size does not match the weights");
        int batch = o.TimeMajor ? input.Shape[1] : input.Shape[0];
        int steps = o.TimeMajor ? input.Shape[0] : input.Shape[1];
        KernelSupport.Require(node, node.Input(4).ElementCount == batch * units, "the hidden state does not match the batch and units");
        node.SetOutputShape(0, o.TimeMajor ? [steps, batch, units] : [batch, steps, units]);
        if (node.Input(1).Type == TensorType.Int8)
            node.State = (HybridWeights.Prepare(node, node.Input(1), units), HybridWeights.Prepare(node, node.Input(2), units));
    }

    public void Eval(OpNode node)
    {
        var o = node.GetOptions<SequenceRnnOptions>();
        var input = node.Input(0);
        int batch = o.TimeMajor ? input.Shape[1] : input.Shape[0];
        int steps = o.TimeMajor ? input.Shape[0] : input.Shape[1];
        int inputSize = input.Shape[2], units = node.Input(1).Shape[0];
        var act = Recurrent.Activation(o.FusedActivation);
        var hidden = node.Input(4).Writable<float>();
        var bias = node.Input(3).AsSpan<float>();
        var x = input.AsSpan<float>();
        var y = node.Output(0).Writable<float>();
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
            {
                int row = o.TimeMajor ? t * batch + b : b * steps + t;
                var xt = x.Slice(row * inputSize, inputSize);
                var h = hidden.Slice(b * units, units);
                var yt = y.Slice(row * units, units);
                if (node.State is ValueTuple<HybridWeights, HybridWeights> hybrid)
                    HybridStep(node, hybrid.Item1, hybrid.Item2, xt, bias, h, yt, inputSize, units, o.AsymmetricQuantizeInputs, act);
                else
                    Recurrent.RnnStep(xt, node.Input(1).AsSpan<float>(), node.Input(2).AsSpan<float>(), bias, inputSize, units, h, yt, act);
            }
    }

    /// <summary>TFLite's hybrid RnnBatchStep: bias, + quantized W x unless x is all zero, + quantized R h unless h is
    /// all zero, then the activation; the hidden state takes the output.</summary>
    private static void HybridStep(OpNode node, HybridWeights w, HybridWeights r, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        Span<float> h, Span<float> y, int inputSize, int units, bool asymmetric, Func<float, float> act)
    {
        bias.CopyTo(y);
        Accumulate(w, node.Input(1).AsSpan<sbyte>(), x, inputSize, units, asymmetric, y);
        Accumulate(r, node.Input(2).AsSpan<sbyte>(), h, units, units, asymmetric, y);
        for (int u = 0; u < units; u++) y[u] = act(y[u]);
        y.CopyTo(h);
    }

    private static void Accumulate(HybridWeights weights, ReadOnlySpan<sbyte> matrix, ReadOnlySpan<float> vector, int cols, int rows, bool asymmetric, Span<float> y)
    {
        bool zero = true;
        foreach (var v in vector) if (v != 0f) { zero = false; break; }
        if (zero) return;
        weights.QuantizeInput(vector, 1, asymmetric);
        weights.BatchScales[0] *= weights.TensorScale;
        HybridMath.MatrixBatchVectorMultiplyAccumulate(matrix, rows, cols, weights.QuantizedInput, weights.BatchScales,
            asymmetric ? weights.Offsets : default, default, y, 1);
    }
}
