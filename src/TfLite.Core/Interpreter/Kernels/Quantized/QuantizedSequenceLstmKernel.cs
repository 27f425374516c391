using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// UNIDIRECTIONAL_SEQUENCE_LSTM with int8 weights and an int16 cell state, for int8 activations with int32 biases or
/// int16 activations with int64 biases (TFLite Micro's 8x8->16 and 16x8->16 kernels). Hidden and cell states are the
/// variable inputs 18 and 19.
/// </summary>
internal sealed class QuantizedSequenceLstmKernel : QuantizedKernel
{
    private const int Input = 0, HiddenState = 18, CellState = 19;
    private static readonly int[] InputWeights = [1, 2, 3, 4], RecurrentWeights = [5, 6, 7, 8], Biases = [12, 13, 14, 15];
    private static readonly int[] Unsupported = [9, 10, 11, 16, 17, 20, 21, 22, 23];

    private sealed record State(IntegerLstmParams Params, bool TimeMajor, int Batches, int Steps, int InputSize, int StateSize);

    public override string? CheckSupport(OpNode node)
    {
        if (node.InputCount < 20) return $"needs 24 inputs, has {node.InputCount}";
        foreach (var i in Unsupported)
            if (node.OptionalInput(i) is not null) return $"input {i} (peephole, projection or layer norm) is not supported";
        foreach (var i in InputWeights.Concat(RecurrentWeights))
            if (node.OptionalInput(i) is not { Type: TensorType.Int8 }) return "the integer LSTM needs int8 weights for all four gates";
        var activation = node.Input(Input).Type;
        var biasType = activation == TensorType.Int16 ? TensorType.Int64 : TensorType.Int32;
        foreach (var i in Biases)
            if (node.OptionalInput(i)?.Type != biasType) return $"the integer LSTM with {activation} activations needs {biasType} biases for all four gates";
        var (hidden, cell, output) = (node.Input(HiddenState), node.Input(CellState), node.Output(0));
        if (activation is not (TensorType.Int8 or TensorType.Int16) || hidden.Type != activation || output.Type != activation ||
            cell.Type != TensorType.Int16)
            return "the integer LSTM needs input, hidden state and output of one type (int8 or int16) and an int16 cell state";
        if (!hidden.IsVariable || !cell.IsVariable) return "the hidden and cell states must be variable tensors";
        var act = node.GetOptions<UnidirectionalSequenceLstmOptions>().FusedActivation;
        if (act is not (ActivationFunction.Tanh or ActivationFunction.None)) return $"cell activation {act} is not supported";
        return QuantizedTensors.CheckQuantized([.. node.Inputs.Where(t => t is not null && t.Type != TensorType.Int32), output]);
    }

    public override void Prepare(OpNode node)
    {
        var o = node.GetOptions<UnidirectionalSequenceLstmOptions>();
        var (input, hidden, cell) = (node.Input(Input), node.Input(HiddenState), node.Input(CellState));
        KernelSupport.RequireRank(node, input, 3);
        int batches = o.TimeMajor ? input.Shape[1] : input.Shape[0], steps = o.TimeMajor ? input.Shape[0] : input.Shape[1];
        int inputSize = input.Shape[2], stateSize = node.Input(RecurrentWeights[1]).Shape[1];
        foreach (var i in InputWeights)
            KernelSupport.Require(node, Shape.AreEqual(node.Input(i).Shape, [stateSize, inputSize]), "input weights must be [state, input]");
        foreach (var i in RecurrentWeights)
            KernelSupport.Require(node, Shape.AreEqual(node.Input(i).Shape, [stateSize, stateSize]), "recurrent weights must be [state, state]");
        foreach (var i in Biases)
            KernelSupport.Require(node, node.Input(i).ElementCount == stateSize, "biases must have the state size");
        KernelSupport.Require(node, hidden.ElementCount == batches * stateSize && cell.ElementCount == batches * stateSize,
            "the state tensors do not match the batch and state size");
        node.SetOutputShape(0, o.TimeMajor ? [steps, batches, stateSize] : [batches, steps, stateSize]);

        LstmGateWeights Gate(int gate) => new(
            QuantizedTensors.Scale(node, node.Input(InputWeights[gate])), QuantizedTensors.ZeroPoint(node, node.Input(InputWeights[gate])),
            QuantizedTensors.Scale(node, node.Input(RecurrentWeights[gate])), QuantizedTensors.ZeroPoint(node, node.Input(RecurrentWeights[gate])));
        var p = IntegerLstmParams.Create(QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input),
            QuantizedTensors.Scale(node, hidden), QuantizedTensors.ZeroPoint(node, hidden), QuantizedTensors.Scale(node, cell),
            o.CellClip, forget: Gate(1), input: Gate(0), cell: Gate(2), output: Gate(3),
            cellGateIsTanh: o.FusedActivation == ActivationFunction.Tanh, int16Activations: input.Type == TensorType.Int16,
            node.Rounding);
        node.State = new State(p, o.TimeMajor, batches, steps, inputSize, stateSize);
    }

    public override void Eval(OpNode node)
    {
        if (node.Input(Input).Type == TensorType.Int16) Run<short, long>(node);
        else Run<sbyte, int>(node);
    }

    private static void Run<TAct, TBias>(OpNode node)
        where TAct : unmanaged, IBinaryInteger<TAct>
        where TBias : unmanaged, IBinaryInteger<TBias>
    {
        var s = node.GetState<State>();
        LstmGateTensors<TBias> Gate(int gate) => new(node.Input(InputWeights[gate]).AsSpan<sbyte>(),
            node.Input(RecurrentWeights[gate]).AsSpan<sbyte>(), node.Input(Biases[gate]).AsSpan<TBias>());
        IntegerLstm.Run(s.Params, s.TimeMajor, s.Batches, s.Steps, s.InputSize, s.StateSize, node.Input(Input).AsSpan<TAct>(),
            forget: Gate(1), inputGate: Gate(0), cellGate: Gate(2), outputGate: Gate(3),
            node.Input(HiddenState).Writable<TAct>(), node.Input(CellState).Writable<short>(), node.Output(0).Writable<TAct>());
    }
}
