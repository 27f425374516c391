using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Parameters of TFLite's quantized PRELU: a multiplier for the positive side and one for input x alpha.</summary>
/// <param name="InputOffset">Minus the input zero point.</param>
/// <param name="AlphaOffset">Minus the alpha zero point.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="Positive">input scale / output scale.</param>
/// <param name="Negative">input scale * alpha scale / output scale.</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct PreluParams(int InputOffset, int AlphaOffset, int OutputOffset,
    QuantizedMultiplier Positive, QuantizedMultiplier Negative, RoundingMode Rounding)
{
    /// <summary>TFLite Micro's prepare step (ratios in double).</summary>
    public static PreluParams Create(float inputScale, int inputZeroPoint, float alphaScale, int alphaZeroPoint,
        float outputScale, int outputZeroPoint, RoundingMode rounding = RoundingMode.Double) =>
        new(-inputZeroPoint, -alphaZeroPoint, outputZeroPoint,
            QuantizedMultiplier.Quantize((double)inputScale / outputScale, rounding),
            QuantizedMultiplier.Quantize((double)inputScale * alphaScale / outputScale, rounding), rounding);
}

/// <summary>TFLite's quantized PRELU (<c>reference_ops::BroadcastPrelu4DSlow</c>), alpha broadcasting against the input.</summary>
public static class QuantizedPrelu
{
    /// <summary>x for x &gt;= 0, alpha * x otherwise, requantized to the output.</summary>
    public static void Prelu<T>(in PreluParams p, ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input,
        ReadOnlySpan<int> alphaShape, ReadOnlySpan<T> alpha, ReadOnlySpan<int> outputShape, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        ElementwiseDriver.Binary(new Op<T>(p), inputShape, input, alphaShape, alpha, outputShape, output);

    private readonly struct Op<T>(PreluParams p) : IQuantizedBinaryOp where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        public int Apply(int x, int a)
        {
            int input = p.InputOffset + x;
            int value = input >= 0
                ? Requantize.MultiplyByQuantizedMultiplier(input, p.Positive.Multiplier, p.Positive.Shift, p.Rounding)
                : Requantize.MultiplyByQuantizedMultiplier(unchecked(input * (p.AlphaOffset + a)), p.Negative.Multiplier,
                    p.Negative.Shift, p.Rounding);
            return TfLiteMath.ClampToRange(unchecked(value + p.OutputOffset),
                int.CreateTruncating(T.MinValue), int.CreateTruncating(T.MaxValue));
        }
    }
}
