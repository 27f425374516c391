using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Parameters of TFLite's quantized RELU, RELU6, RELU_N1_TO_1 and RELU_0_TO_1 (<c>ReluParams</c>).</summary>
/// <param name="InputZeroPoint">Subtracted from every input.</param>
/// <param name="OutputZeroPoint">Added to every output.</param>
/// <param name="Output">input scale / output scale.</param>
/// <param name="ActivationMin">Lower bound in output units.</param>
/// <param name="ActivationMax">Upper bound in output units.</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct ReluParams(int InputZeroPoint, int OutputZeroPoint, QuantizedMultiplier Output,
    int ActivationMin, int ActivationMax, RoundingMode Rounding)
{
    /// <summary>
    /// TFLite's prepare and eval set-up: the ratio of scales (divided in float), and the bounds
    /// <paramref name="min"/>/<paramref name="max"/> (real values; <see cref="float.PositiveInfinity"/> for none)
    /// quantized with <c>roundf</c> and intersected with [<paramref name="typeMin"/>, <paramref name="typeMax"/>].
    /// </summary>
    public static ReluParams Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        float min, float max, int typeMin, int typeMax, RoundingMode rounding = RoundingMode.Double)
    {
        int low = Math.Max(typeMin, outputZeroPoint + TfLiteMath.TruncateToInt32(TfLiteMath.Round(min / outputScale)));
        int high = float.IsPositiveInfinity(max)
            ? typeMax
            : Math.Min(typeMax, outputZeroPoint + TfLiteMath.TruncateToInt32(TfLiteMath.Round(max / outputScale)));
        return new ReluParams(inputZeroPoint, outputZeroPoint,
            QuantizedMultiplier.Quantize(inputScale / outputScale, rounding), low, high, rounding);
    }
}

/// <summary>TFLite's quantized ReLU family (<c>reference_ops::ReluX</c>): requantize, then clamp.</summary>
public static class QuantizedRelu
{
    /// <summary>output = clamp(requantize(input)).</summary>
    public static void ReluX<T>(in ReluParams p, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IBinaryInteger<T> => ElementwiseDriver.Unary(new Op(p), input, output);

    private readonly struct Op(ReluParams p) : IQuantizedUnaryOp
    {
        public int Apply(int x) => TfLiteMath.ClampToRange(
            unchecked(p.OutputZeroPoint + Requantize.MultiplyByQuantizedMultiplier(x - p.InputZeroPoint,
                p.Output.Multiplier, p.Output.Shift, p.Rounding)),
            p.ActivationMin, p.ActivationMax);
    }
}
