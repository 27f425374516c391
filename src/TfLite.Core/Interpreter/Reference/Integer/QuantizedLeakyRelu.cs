using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Parameters of TFLite's quantized LEAKY_RELU: one multiplier for the positive side, one for alpha.</summary>
/// <param name="InputZeroPoint">Subtracted from every input.</param>
/// <param name="OutputZeroPoint">Added to every output.</param>
/// <param name="Identity">input scale / output scale.</param>
/// <param name="Alpha">input scale * alpha / output scale (may be negative).</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct LeakyReluParams(int InputZeroPoint, int OutputZeroPoint, QuantizedMultiplier Identity,
    QuantizedMultiplier Alpha, RoundingMode Rounding)
{
    /// <summary>TFLite's prepare step: both ratios are formed in float, then quantized.</summary>
    public static LeakyReluParams Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        float alpha, RoundingMode rounding = RoundingMode.Double) =>
        new(inputZeroPoint, outputZeroPoint,
            QuantizedMultiplier.Quantize(inputScale / outputScale, rounding),
            QuantizedMultiplier.Quantize(inputScale * alpha / outputScale, rounding), rounding);
}

/// <summary>TFLite's quantized LEAKY_RELU (<c>reference_ops::QuantizeLeakyRelu</c>) for int8, uint8 and int16.</summary>
public static class QuantizedLeakyRelu
{
    /// <summary>Scales non-negative inputs by the identity multiplier and negative ones by alpha.</summary>
    public static void LeakyRelu<T>(in LeakyReluParams p, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        ElementwiseDriver.Unary(new Op<T>(p), input, output);

    private readonly struct Op<T>(LeakyReluParams p) : IQuantizedUnaryOp where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        public int Apply(int x)
        {
            int value = x - p.InputZeroPoint;
            var m = value >= 0 ? p.Identity : p.Alpha;
            int output = unchecked(p.OutputZeroPoint + Requantize.MultiplyByQuantizedMultiplier(value, m.Multiplier, m.Shift, p.Rounding));
            return TfLiteMath.ClampToRange(output, int.CreateTruncating(T.MinValue), int.CreateTruncating(T.MaxValue));
        }
    }
}
