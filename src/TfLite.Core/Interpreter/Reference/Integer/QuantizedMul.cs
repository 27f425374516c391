using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Parameters of TFLite's quantized MUL (<c>ArithmeticParams</c> as <c>MulElementwise</c> reads them).</summary>
/// <param name="Input1Offset">Minus the first input's zero point.</param>
/// <param name="Input2Offset">Minus the second input's zero point.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="Output">Multiplier of the product: scale1 * scale2 / output scale.</param>
/// <param name="ActivationMin">Lower clamp in output units.</param>
/// <param name="ActivationMax">Upper clamp in output units.</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct QuantizedMulParams(int Input1Offset, int Input2Offset, int OutputOffset,
    QuantizedMultiplier Output, int ActivationMin, int ActivationMax, RoundingMode Rounding)
{
    /// <summary>TFLite's MUL prepare step: the product of the input scales over the output scale, in double.</summary>
    public static QuantizedMulParams Create(float scale1, int zeroPoint1, float scale2, int zeroPoint2,
        float outputScale, int outputZeroPoint, int activationMin, int activationMax,
        RoundingMode rounding = RoundingMode.Double) =>
        new(-zeroPoint1, -zeroPoint2, outputZeroPoint,
            QuantizedMultiplier.Quantize((double)scale1 * scale2 / outputScale, rounding),
            activationMin, activationMax, rounding);

    /// <summary>
    /// LiteRT's MUL prepare step for int16: the same ratio computed in float and only then widened to double, which
    /// moves the Q0.31 multiplier by up to a few dozen units and decides near-halfway products differently.
    /// </summary>
    public static QuantizedMulParams CreateWithFloatRatio(float scale1, int zeroPoint1, float scale2, int zeroPoint2,
        float outputScale, int outputZeroPoint, int activationMin, int activationMax,
        RoundingMode rounding = RoundingMode.Double) =>
        new(-zeroPoint1, -zeroPoint2, outputZeroPoint,
            QuantizedMultiplier.Quantize(scale1 * scale2 / outputScale, rounding),
            activationMin, activationMax, rounding);
}

/// <summary>TFLite's quantized MUL for int8, uint8 and int16 with general scales (<c>MulElementwise</c>).</summary>
public static class QuantizedMul
{
    /// <summary>output = input1 * input2, broadcasting.</summary>
    public static void Mul<T>(in QuantizedMulParams p, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> outputShape, Span<T> output)
        where T : unmanaged, IBinaryInteger<T> =>
        ElementwiseDriver.Binary(new MulOp(p), shape1, input1, shape2, input2, outputShape, output);

    /// <summary>output = input1 * input2 element by element, the output possibly of another type (int16 x int16 to
    /// int8 or int16, as in TFLite Micro's integer LSTM).</summary>
    public static void Mul<TIn, TOut>(in QuantizedMulParams p, ReadOnlySpan<TIn> input1, ReadOnlySpan<TIn> input2,
        Span<TOut> output) where TIn : unmanaged, IBinaryInteger<TIn> where TOut : unmanaged, IBinaryInteger<TOut>
    {
        ReadOnlySpan<int> shape = [input1.Length];
        ElementwiseDriver.Binary(new MulOp(p), shape, input1, shape, input2, shape, output);
    }

    private readonly struct MulOp(QuantizedMulParams p) : IQuantizedBinaryOp
    {
        public int Apply(int x, int y)
        {
            int product = unchecked((x + p.Input1Offset) * (y + p.Input2Offset));
            int output = unchecked(p.OutputOffset +
                Requantize.MultiplyByQuantizedMultiplier(product, p.Output.Multiplier, p.Output.Shift, p.Rounding));
            return TfLiteMath.ClampToRange(output, p.ActivationMin, p.ActivationMax);
        }
    }
}
