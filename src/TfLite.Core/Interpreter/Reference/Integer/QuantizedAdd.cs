using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// Parameters of TFLite's general quantized ADD and SUB (<c>ArithmeticParams</c>): both inputs are shifted left to
/// gain headroom, rescaled to a common scale, added or subtracted, and rescaled to the output.
/// </summary>
/// <param name="LeftShift">Headroom shift: 20 for 8-bit types, 15 for int16.</param>
/// <param name="Input1Offset">Minus the first input's zero point.</param>
/// <param name="Input1">Multiplier of the first input.</param>
/// <param name="Input2Offset">Minus the second input's zero point.</param>
/// <param name="Input2">Multiplier of the second input.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="Output">Multiplier of the sum.</param>
/// <param name="ActivationMin">Lower clamp in output units.</param>
/// <param name="ActivationMax">Upper clamp in output units.</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct QuantizedAddParams(
    int LeftShift, int Input1Offset, QuantizedMultiplier Input1, int Input2Offset, QuantizedMultiplier Input2,
    int OutputOffset, QuantizedMultiplier Output, int ActivationMin, int ActivationMax, RoundingMode Rounding)
{
    /// <summary>TFLite's ADD prepare step (general scales): all three multipliers must be below one.</summary>
    public static QuantizedAddParams ForAdd(float scale1, int zeroPoint1, float scale2, int zeroPoint2,
        float outputScale, int outputZeroPoint, bool int16, int activationMin, int activationMax,
        RoundingMode rounding = RoundingMode.Double) =>
        Create(scale1, zeroPoint1, scale2, zeroPoint2, outputScale, outputZeroPoint, int16, activationMin,
            activationMax, rounding, outputMayExceedOne: false);

    /// <summary>
    /// TFLite's SUB prepare step (general scales). Unlike ADD, TFLite accepts an output multiplier above one
    /// here (very narrow output ranges). All ratios are taken in double precision, as TFLite (not TFLite Micro,
    /// which divides in float) computes them.
    /// </summary>
    public static QuantizedAddParams ForSub(float scale1, int zeroPoint1, float scale2, int zeroPoint2,
        float outputScale, int outputZeroPoint, bool int16, int activationMin, int activationMax,
        RoundingMode rounding = RoundingMode.Double) =>
        Create(scale1, zeroPoint1, scale2, zeroPoint2, outputScale, outputZeroPoint, int16, activationMin,
            activationMax, rounding, outputMayExceedOne: true);

    private static QuantizedAddParams Create(float scale1, int zeroPoint1, float scale2, int zeroPoint2,
        float outputScale, int outputZeroPoint, bool int16, int activationMin, int activationMax,
        RoundingMode rounding, bool outputMayExceedOne)
    {
        int leftShift = int16 ? 15 : 20;
        // 2 * max(float, float) is exact in float; the divisions are in double.
        double twiceMaxInputScale = 2 * Math.Max(scale1, scale2);
        double realInput1 = scale1 / twiceMaxInputScale;
        double realInput2 = scale2 / twiceMaxInputScale;
        double realOutput = twiceMaxInputScale / ((1 << leftShift) * outputScale);
        var output = outputMayExceedOne && realOutput > 1
            ? QuantizedMultiplier.QuantizeGreaterThanOne(realOutput, rounding)
            : QuantizedMultiplier.QuantizeSmallerThanOneExp(realOutput, rounding);
        return new QuantizedAddParams(leftShift,
            -zeroPoint1, QuantizedMultiplier.QuantizeSmallerThanOneExp(realInput1, rounding),
            -zeroPoint2, QuantizedMultiplier.QuantizeSmallerThanOneExp(realInput2, rounding),
            outputZeroPoint, output, activationMin, activationMax, rounding);
    }
}

/// <summary>
/// TFLite's general quantized ADD and SUB for int8, uint8 and int16 (<c>AddElementwise</c>,
/// <c>SubElementwise</c> and their broadcasting forms).
/// </summary>
public static class QuantizedAdd
{
    /// <summary>output = input1 + input2, broadcasting.</summary>
    public static void Add<T>(in QuantizedAddParams p, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> outputShape, Span<T> output)
        where T : unmanaged, IBinaryInteger<T> =>
        ElementwiseDriver.Binary(new AddOp(p, subtract: false), shape1, input1, shape2, input2, outputShape, output);

    /// <summary>output = input1 - input2, broadcasting.</summary>
    public static void Sub<T>(in QuantizedAddParams p, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> outputShape, Span<T> output)
        where T : unmanaged, IBinaryInteger<T> =>
        ElementwiseDriver.Binary(new AddOp(p, subtract: true), shape1, input1, shape2, input2, outputShape, output);

    private readonly struct AddOp(QuantizedAddParams p, bool subtract) : IQuantizedBinaryOp
    {
        public int Apply(int x, int y)
        {
            int shifted1 = unchecked((x + p.Input1Offset) * (1 << p.LeftShift));
            int shifted2 = unchecked((y + p.Input2Offset) * (1 << p.LeftShift));
            int scaled1 = Requantize.MultiplyByQuantizedMultiplier(shifted1, p.Input1.Multiplier, p.Input1.Shift, p.Rounding);
            int scaled2 = Requantize.MultiplyByQuantizedMultiplier(shifted2, p.Input2.Multiplier, p.Input2.Shift, p.Rounding);
            int raw = unchecked(subtract ? scaled1 - scaled2 : scaled1 + scaled2);
            int output = unchecked(Requantize.MultiplyByQuantizedMultiplier(raw, p.Output.Multiplier, p.Output.Shift, p.Rounding)
                                   + p.OutputOffset);
            return TfLiteMath.ClampToRange(output, p.ActivationMin, p.ActivationMax);
        }
    }
}
