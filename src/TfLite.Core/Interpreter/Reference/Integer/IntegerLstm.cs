using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>The weights and biases of one LSTM gate; the bias type (int32 or int64) sets the accumulator.</summary>
/// <param name="InputWeights">[state, input] weights.</param>
/// <param name="RecurrentWeights">[state, state] weights.</param>
/// <param name="Bias">[state] bias.</param>
public readonly ref struct LstmGateTensors<TBias>(ReadOnlySpan<sbyte> InputWeights, ReadOnlySpan<sbyte> RecurrentWeights,
    ReadOnlySpan<TBias> Bias) where TBias : unmanaged
{
    /// <summary>[state, input] weights.</summary>
    public ReadOnlySpan<sbyte> InputWeights { get; } = InputWeights;

    /// <summary>[state, state] weights.</summary>
    public ReadOnlySpan<sbyte> RecurrentWeights { get; } = RecurrentWeights;

    /// <summary>[state] bias.</summary>
    public ReadOnlySpan<TBias> Bias { get; } = Bias;
}

/// <summary>
/// TFLite Micro's integer LSTM (<c>EvalLstm</c> for int8 activations with int32 biases, or int16 activations with
/// int64 biases; int8 weights and an int16 cell state in both): per step, each gate is two
/// fully connected layers into Q3.12 added with saturation and squashed by the int16 sigmoid/tanh; the cell state is
/// forget x cell + input x cell gate; the hidden state is output x tanh(cell). Batch-major inputs run one batch at a
/// time, time-major inputs all batches per step.
/// </summary>
public static class IntegerLstm
{
    /// <summary>Runs the sequence; <paramref name="hidden"/> and <paramref name="cell"/> carry the state in and out.</summary>
    public static void Run<TAct, TBias>(IntegerLstmParams p, bool timeMajor, int batches, int steps, int inputSize,
        int stateSize, ReadOnlySpan<TAct> input, LstmGateTensors<TBias> forget, LstmGateTensors<TBias> inputGate,
        LstmGateTensors<TBias> cellGate, LstmGateTensors<TBias> outputGate, Span<TAct> hidden, Span<short> cell,
        Span<TAct> output)
        where TAct : unmanaged, IBinaryInteger<TAct>
        where TBias : unmanaged, IBinaryInteger<TBias>
    {
        ShapeChecks.Length(input.Length, batches * steps * inputSize, nameof(input));
        ShapeChecks.Length(hidden.Length, batches * stateSize, nameof(hidden));
        ShapeChecks.Length(cell.Length, batches * stateSize, nameof(cell));
        ShapeChecks.Length(output.Length, batches * steps * stateSize, nameof(output));
        int rows = timeMajor ? batches : 1;
        var buffers = new Buffers(rows * stateSize);
        for (int outer = 0; outer < (timeMajor ? 1 : batches); outer++)
        {
            var h = hidden.Slice(outer * stateSize, rows * stateSize);
            var c = cell.Slice(outer * stateSize, rows * stateSize);
            for (int t = 0; t < steps; t++)
            {
                int offset = (outer * steps + t) * rows;
                Step(p, rows, inputSize, stateSize, input.Slice(offset * inputSize, rows * inputSize),
                    forget, inputGate, cellGate, outputGate, h, c, buffers);
                h.CopyTo(output.Slice(offset * stateSize, rows * stateSize));
            }
        }
    }

    private sealed class Buffers(int size)
    {
        public readonly short[] Forget = new short[size], Input = new short[size], Cell = new short[size],
            Scratch = new short[size];
    }

    private static void Step<TAct, TBias>(IntegerLstmParams p, int rows, int inputSize, int stateSize,
        ReadOnlySpan<TAct> x, LstmGateTensors<TBias> forget, LstmGateTensors<TBias> inputGate,
        LstmGateTensors<TBias> cellGate, LstmGateTensors<TBias> outputGate, Span<TAct> hidden, Span<short> cell, Buffers b)
        where TAct : unmanaged, IBinaryInteger<TAct>
        where TBias : unmanaged, IBinaryInteger<TBias>
    {
        var sigmoid = new Int16SigmoidParams(0, 0);
        Gate(p, p.ForgetGate, forget, rows, inputSize, stateSize, x, hidden, b.Forget, b.Scratch);
        IntegerSigmoidFamily.Logistic(sigmoid, b.Forget, b.Forget);
        Gate(p, p.InputGate, inputGate, rows, inputSize, stateSize, x, hidden, b.Input, b.Scratch);
        IntegerSigmoidFamily.Logistic(sigmoid, b.Input, b.Input);
        Gate(p, p.CellGate, cellGate, rows, inputSize, stateSize, x, hidden, b.Cell, b.Scratch);
        // The cell gate's Q3.12 input needs no shift: tanh at scale power -12.
        if (p.CellGateIsTanh) IntegerSigmoidFamily.Tanh(TanhOfScalePower(-12), b.Cell, b.Cell);
        else IntegerSigmoidFamily.Logistic(sigmoid, b.Cell, b.Cell);

        // cell = forget x cell + input x cell gate, saturating, then clipped.
        QuantizedMul.Mul<short, short>(p.ForgetTimesCell, b.Forget, cell, cell);
        QuantizedMul.Mul<short, short>(p.InputTimesCellGate, b.Input, b.Cell, b.Input);
        for (int i = 0; i < cell.Length; i++)
        {
            cell[i] = Gemmlowp.SaturatingAdd(cell[i], b.Input[i]);
            if (p.CellClip) cell[i] = Math.Max(Math.Min(p.QuantizedCellClip, cell[i]), (short)-p.QuantizedCellClip);
        }

        Gate(p, p.OutputGate, outputGate, rows, inputSize, stateSize, x, hidden, b.Input, b.Scratch);
        IntegerSigmoidFamily.Logistic(sigmoid, b.Input, b.Input);
        IntegerSigmoidFamily.Tanh(TanhOfScalePower(p.CellStateScalePower), cell, b.Forget);
        QuantizedMul.Mul(p.OutputTimesTanhCell, b.Forget, b.Input, hidden);
    }

    // gate = FC(x) + FC(hidden), saturating, in Q3.12.
    private static void Gate<TAct, TBias>(IntegerLstmParams p, LstmGateParams g, LstmGateTensors<TBias> w, int rows,
        int inputSize, int stateSize, ReadOnlySpan<TAct> x, ReadOnlySpan<TAct> hidden, Span<short> gate, Span<short> scratch)
        where TAct : unmanaged, IBinaryInteger<TAct>
        where TBias : unmanaged, IBinaryInteger<TBias>
    {
        IntegerFullyConnected.FullyConnected(p.InputOffset, g.InputWeightsOffset, g.Input, rows, inputSize, stateSize,
            x, w.InputWeights, w.Bias, gate);
        IntegerFullyConnected.FullyConnected(p.HiddenOffset, g.RecurrentWeightsOffset, g.Recurrent, rows, stateSize,
            stateSize, hidden, w.RecurrentWeights, ReadOnlySpan<TBias>.Empty, scratch);
        for (int i = 0; i < gate.Length; i++) gate[i] = Gemmlowp.SaturatingAdd(gate[i], scratch[i]);
    }

    // TFLite Micro's tanh of a value in 2^power units: the int16 kernel expects Q3.12 (power -12), so the input is
    // shifted left, or scaled by 3 and shifted right when the power is below -12.
    private static Int16SigmoidParams TanhOfScalePower(int power)
    {
        int leftShift = 15 + power - 3;
        return leftShift < 0 ? new Int16SigmoidParams(3, -leftShift) : new Int16SigmoidParams(0, leftShift);
    }
}
