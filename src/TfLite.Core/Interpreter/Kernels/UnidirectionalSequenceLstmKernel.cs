using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>
/// UNIDIRECTIONAL_SEQUENCE_LSTM (float, with or without CIFG), following TFLite Micro's step: forget, input and cell
/// gates, the cell update, the output gate and the hidden update; output and cell states are variable tensors
/// (inputs 18 and 19) that persist across Invoke calls. Peephole, projection and layer-norm inputs are not supported.
/// </summary>
internal sealed class UnidirectionalSequenceLstmKernel : IKernel
{
    private const int Input = 0, InputToInput = 1, InputToForget = 2, InputToCell = 3, InputToOutput = 4;
    private const int RecurrentToInput = 5, RecurrentToForget = 6, RecurrentToCell = 7, RecurrentToOutput = 8;
    private const int InputBias = 12, ForgetBias = 13, CellBias = 14, OutputBias = 15, OutputState = 18, CellState = 19;
    private static readonly int[] Unsupported = [9, 10, 11, 16, 17, 20, 21, 22, 23];

    public string? CheckSupport(OpNode node)
    {
        if (node.InputCount < 20) return $"needs 24 inputs, has {node.InputCount}";
        foreach (var i in Unsupported)
            if (node.OptionalInput(i) is not null) return $"input {i} (peephole, projection or layer norm) is not supported";
        if (node.Input(Input).Type != TensorType.Float32 || node.Input(InputToForget).Type != TensorType.Float32)
            return "only the float kernel is implemented";
        var act = node.GetOptions<UnidirectionalSequenceLstmOptions>().FusedActivation;
        return act is ActivationFunction.Tanh or ActivationFunction.Relu or ActivationFunction.Relu6 or ActivationFunction.ReluN1To1 or ActivationFunction.None
            ? null : $"activation {act} is not supported";
    }

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<UnidirectionalSequenceLstmOptions>();
        var input = node.Input(Input);
        KernelSupport.RequireRank(node, input, 3);
        int units = node.Input(InputToForget).Shape[0];
        int outputSize = node.Input(RecurrentToForget).Shape[1];
        KernelSupport.Require(node, outputSize == units, "projection is not supported, so the output size must equal the cell size");
        KernelSupport.Require(node, node.Input(InputToForget).Shape[1] == input.Shape[2], "input size does not match the weights");
        int batch = o.TimeMajor ? input.Shape[1] : input.Shape[0];
        int steps = o.TimeMajor ? input.Shape[0] : input.Shape[1];
        KernelSupport.Require(node, node.Input(OutputState).ElementCount == batch * units && node.Input(CellState).ElementCount == batch * units,
            "the state tensors do not match the batch and cell size");
        node.SetOutputShape(0, o.TimeMajor ? [steps, batch, outputSize] : [batch, steps, outputSize]);
    }

    public void Eval(OpNode node)
    {
        var o = node.GetOptions<UnidirectionalSequenceLstmOptions>();
        var input = node.Input(Input);
        int batch = o.TimeMajor ? input.Shape[1] : input.Shape[0];
        int steps = o.TimeMajor ? input.Shape[0] : input.Shape[1];
        int inputSize = input.Shape[2];
        int units = node.Input(InputToForget).Shape[0];
        bool cifg = node.OptionalInput(InputToInput) is null;
        var act = Recurrent.Activation(o.FusedActivation);
        Func<float, float> sigmoid = UnaryMath.Logistic;
        var hiddenState = node.Input(OutputState).Writable<float>();
        var cellState = node.Input(CellState).Writable<float>();
        var x = input.AsSpan<float>();
        var y = node.Output(0).Writable<float>();
        Span<float> f = new float[units], i = new float[units], g = new float[units], og = new float[units], scratch = new float[units];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
            {
                int row = o.TimeMajor ? t * batch + b : b * steps + t;
                var xt = x.Slice(row * inputSize, inputSize);
                var h = hiddenState.Slice(b * units, units);
                var c = cellState.Slice(b * units, units);
                Gate(node, InputToForget, RecurrentToForget, ForgetBias, xt, h, inputSize, units, f, scratch, sigmoid);
                if (cifg)
                    for (int k = 0; k < units; k++) i[k] = 1f - f[k];
                else
                    Gate(node, InputToInput, RecurrentToInput, InputBias, xt, h, inputSize, units, i, scratch, sigmoid);
                Gate(node, InputToCell, RecurrentToCell, CellBias, xt, h, inputSize, units, g, scratch, act);
                Gate(node, InputToOutput, RecurrentToOutput, OutputBias, xt, h, inputSize, units, og, scratch, sigmoid);
                Recurrent.UpdateCellAndHidden(c, h, f, i, g, og, o.CellClip, act);
                h.CopyTo(y.Slice(row * units, units));
            }
    }

    private static void Gate(OpNode node, int w, int r, int bias, ReadOnlySpan<float> x, ReadOnlySpan<float> h,
        int inputSize, int units, Span<float> gate, Span<float> scratch, Func<float, float> activation) =>
        Recurrent.Gate(x, node.Input(w).AsSpan<float>(), node.Input(bias).AsSpan<float>(), h, node.Input(r).AsSpan<float>(),
            inputSize, units, units, gate, scratch, activation);
}
