using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// Parameters of TFLite's int16 ADD/SUB for power-of-two scales and zero points of zero (<c>Add16</c>,
/// <c>Sub16</c>, the LSTM-era path): the input whose scale differs from the output's is rounded down to it by a
/// shift, and the two are added with saturation.
/// </summary>
/// <param name="Input1Shift">log2(input1 scale / output scale), &lt;= 0.</param>
/// <param name="Input2Shift">log2(input2 scale / output scale), &lt;= 0; one of the two shifts is 0.</param>
/// <param name="ActivationMin">Lower clamp.</param>
/// <param name="ActivationMax">Upper clamp.</param>
public readonly record struct PowerOfTwoAddParams(int Input1Shift, int Input2Shift, int ActivationMin, int ActivationMax)
{
    /// <summary>
    /// Parameters from the tensors' scales when all three are powers of two (TFLite's <c>CheckedLog2</c>), the output
    /// shares one input's scale and the other input's is not larger; null otherwise (use the general path).
    /// </summary>
    public static PowerOfTwoAddParams? TryCreate(float scale1, float scale2, float outputScale, int activationMin,
        int activationMax)
    {
        if (!QuantizationUtil.CheckedLog2(scale1, out int log1) || !QuantizationUtil.CheckedLog2(scale2, out int log2) ||
            !QuantizationUtil.CheckedLog2(outputScale, out int logOut))
            return null;
        int shift1 = log1 - logOut, shift2 = log2 - logOut;
        if ((shift1 != 0 && shift2 != 0) || shift1 > 0 || shift2 > 0) return null;
        return new PowerOfTwoAddParams(shift1, shift2, activationMin, activationMax);
    }
}

/// <summary>TFLite's int16 ADD and SUB for power-of-two scales.</summary>
public static class PowerOfTwoAdd
{
    /// <summary>output = input1 + input2, broadcasting.</summary>
    public static void Add(in PowerOfTwoAddParams p, ReadOnlySpan<int> shape1, ReadOnlySpan<short> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<short> input2, ReadOnlySpan<int> outputShape, Span<short> output) =>
        ElementwiseDriver.Binary(new Op(p, subtract: false), shape1, input1, shape2, input2, outputShape, output);

    /// <summary>output = input1 - input2, broadcasting.</summary>
    public static void Sub(in PowerOfTwoAddParams p, ReadOnlySpan<int> shape1, ReadOnlySpan<short> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<short> input2, ReadOnlySpan<int> outputShape, Span<short> output) =>
        ElementwiseDriver.Binary(new Op(p, subtract: true), shape1, input1, shape2, input2, outputShape, output);

    private readonly struct Op(PowerOfTwoAddParams p, bool subtract) : IQuantizedBinaryOp
    {
        public int Apply(int x, int y)
        {
            short a = p.Input1Shift == 0 ? (short)x : Gemmlowp.RoundingDivideByPOT((short)x, -p.Input1Shift);
            short b = p.Input2Shift == 0 ? (short)y : Gemmlowp.RoundingDivideByPOT((short)y, -p.Input2Shift);
            short result = subtract ? Gemmlowp.SaturatingSub(a, b) : Gemmlowp.SaturatingAdd(a, b);
            return TfLiteMath.ClampToRange(result, p.ActivationMin, p.ActivationMax);
        }
    }
}
