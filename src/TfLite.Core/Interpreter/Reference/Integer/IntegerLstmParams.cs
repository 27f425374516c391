using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>One gate of the integer LSTM: the input and recurrent fully connected layers into int16 Q3.12.</summary>
/// <param name="Input">Requantization of input x input weights (plus bias) to Q3.12.</param>
/// <param name="Recurrent">Requantization of hidden state x recurrent weights to Q3.12.</param>
/// <param name="InputWeightsOffset">Minus the input weights' zero point.</param>
/// <param name="RecurrentWeightsOffset">Minus the recurrent weights' zero point.</param>
public sealed record LstmGateParams(OutputStage Input, OutputStage Recurrent, int InputWeightsOffset, int RecurrentWeightsOffset);

/// <summary>The scales and zero points of one gate's weights.</summary>
/// <param name="InputScale">Scale of the input-to-gate weights.</param>
/// <param name="InputZeroPoint">Zero point of the input-to-gate weights.</param>
/// <param name="RecurrentScale">Scale of the recurrent-to-gate weights.</param>
/// <param name="RecurrentZeroPoint">Zero point of the recurrent-to-gate weights.</param>
public readonly record struct LstmGateWeights(float InputScale, int InputZeroPoint, float RecurrentScale, int RecurrentZeroPoint);

/// <summary>
/// Parameters of TFLite Micro's integer UNIDIRECTIONAL_SEQUENCE_LSTM (8x8->16: int8 activations; 16x8->16: int16
/// activations; int8 weights and an int16 cell state in both; no peephole, projection or layer normalisation).
/// </summary>
/// <param name="ForgetGate">Forget gate.</param>
/// <param name="InputGate">Input gate.</param>
/// <param name="CellGate">Cell gate.</param>
/// <param name="OutputGate">Output gate.</param>
/// <param name="ForgetTimesCell">forget gate (Q0.15) x cell state to the cell state's scale.</param>
/// <param name="InputTimesCellGate">input gate x cell gate (both Q0.15) to the cell state's scale.</param>
/// <param name="OutputTimesTanhCell">output gate x tanh(cell) (both Q0.15) to the hidden state's scale and zero point.</param>
/// <param name="InputOffset">Minus the input zero point.</param>
/// <param name="HiddenOffset">Minus the hidden state's zero point.</param>
/// <param name="CellStateScalePower">log2 of the cell state's (power-of-two) scale.</param>
/// <param name="CellClip">Whether the cell state is clipped.</param>
/// <param name="QuantizedCellClip">The clip bound in cell-state units.</param>
/// <param name="CellGateIsTanh">tanh (true) or sigmoid as the cell gate's activation.</param>
public sealed record IntegerLstmParams(
    LstmGateParams ForgetGate, LstmGateParams InputGate, LstmGateParams CellGate, LstmGateParams OutputGate,
    QuantizedMulParams ForgetTimesCell, QuantizedMulParams InputTimesCellGate, QuantizedMulParams OutputTimesTanhCell,
    int InputOffset, int HiddenOffset, int CellStateScalePower, bool CellClip, short QuantizedCellClip, bool CellGateIsTanh)
{
    // TFLite Micro's constants, as it writes them: gate inputs in Q3.12, gate outputs in Q0.15. The second literal is
    // not exactly 2^-15 in float, and the multipliers derived from it inherit that.
    private const float GateInputScale = 0.00024414062f;
    private const float GateOutputScale = 0.00003051757f;

    /// <summary>TFLite Micro's prepare step for the integer LSTM.</summary>
    public static IntegerLstmParams Create(float inputScale, int inputZeroPoint, float hiddenScale, int hiddenZeroPoint,
        float cellScale, float cellClip, LstmGateWeights forget, LstmGateWeights input, LstmGateWeights cell,
        LstmGateWeights output, bool cellGateIsTanh, bool int16Activations = false,
        RoundingMode rounding = RoundingMode.Double)
    {
        int hiddenMin = int16Activations ? short.MinValue : sbyte.MinValue;
        int hiddenMax = int16Activations ? short.MaxValue : sbyte.MaxValue;
        LstmGateParams Gate(LstmGateWeights w) => new(
            OutputStage.ForPerTensorProduct(inputScale, w.InputScale, GateInputScale, 0, short.MinValue, short.MaxValue, rounding),
            OutputStage.ForPerTensorProduct(hiddenScale, w.RecurrentScale, GateInputScale, 0, short.MinValue, short.MaxValue, rounding),
            -w.InputZeroPoint, -w.RecurrentZeroPoint);

        QuantizationUtil.CheckedLog2(cellScale, out int cellScalePower);
        short clip = (short)Math.Clamp((double)cellClip / cellScale, short.MinValue, short.MaxValue);
        return new IntegerLstmParams(Gate(forget), Gate(input), Gate(cell), Gate(output),
            QuantizedMulParams.Create(GateOutputScale, 0, cellScale, 0, cellScale, 0, short.MinValue, short.MaxValue, rounding),
            QuantizedMulParams.Create(GateOutputScale, 0, GateOutputScale, 0, cellScale, 0, short.MinValue, short.MaxValue, rounding),
            QuantizedMulParams.Create(GateOutputScale, 0, GateOutputScale, 0, hiddenScale, hiddenZeroPoint, hiddenMin,
                hiddenMax, rounding),
            -inputZeroPoint, -hiddenZeroPoint, cellScalePower, cellClip > 0, clip, cellGateIsTanh);
    }
}
