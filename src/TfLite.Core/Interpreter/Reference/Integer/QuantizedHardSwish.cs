using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// Parameters of TFLite's quantized HARD_SWISH: 16-bit fixed-point multipliers for the output scale and for the
/// "relu-ish" ramp that maps [-3, 3] onto [-1, 1].
/// </summary>
/// <param name="InputZeroPoint">Subtracted from every input.</param>
/// <param name="OutputZeroPoint">Added to every output.</param>
/// <param name="OutputMultiplier">Q0.15 multiplier from the 2^7-finer input scale to the output scale.</param>
/// <param name="OutputExponent">Its power of two (&lt;= 0).</param>
/// <param name="ReluishMultiplier">Q0.15 multiplier from the finer input scale to 3/32768 units.</param>
/// <param name="ReluishExponent">Its power of two.</param>
public readonly record struct HardSwishParams(int InputZeroPoint, int OutputZeroPoint, short OutputMultiplier,
    int OutputExponent, short ReluishMultiplier, int ReluishExponent)
{
    /// <summary>TFLite's prepare step (ratios in float, quantized, then rounded to 16 bits).</summary>
    /// <exception cref="InterpreterException">The output scale is too small for the kernel (ErrorId <c>InvalidQuantization</c>).</exception>
    public static HardSwishParams Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint)
    {
        float hiresInputScale = 1.0f / 128.0f * inputScale;
        const float reluishScale = 3.0f / 32768.0f;
        var output = QuantizedMultiplier.Quantize(hiresInputScale / outputScale);
        if (output.Shift > 0)
            throw new InterpreterException("InvalidQuantization",
                $"HARD_SWISH needs an output scale of at least input scale / 128 ({inputScale} vs {outputScale}).");
        var reluish = QuantizedMultiplier.Quantize(hiresInputScale / reluishScale);
        return new HardSwishParams(inputZeroPoint, outputZeroPoint, DownScaleToInt16(output.Multiplier), output.Shift,
            DownScaleToInt16(reluish.Multiplier), reluish.Shift);
    }

    // TFLite's DownScaleInt32ToInt16Multiplier: round the Q0.31 multiplier to Q0.15, saturating at the top.
    private static short DownScaleToInt16(int multiplier) =>
        multiplier >= int.MaxValue - (1 << 15) ? short.MaxValue : (short)((multiplier + (1 << 15)) >> 16);
}

/// <summary>TFLite's quantized HARD_SWISH (<c>reference_ops::HardSwish</c>) for int8 and uint8, in 16-bit fixed point.</summary>
public static class QuantizedHardSwish
{
    /// <summary>x * relu6(x + 3) / 6 in fixed point.</summary>
    public static void HardSwish<T>(in HardSwishParams p, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => ElementwiseDriver.Unary(new Op<T>(p), input, output);

    private readonly struct Op<T>(HardSwishParams p) : IQuantizedUnaryOp where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        public int Apply(int x)
        {
            short inputValue = unchecked((short)(x - p.InputZeroPoint));
            short hiresInput = unchecked((short)(inputValue * (1 << 7)));
            short preshiftOutput = Gemmlowp.SaturatingRoundingDoublingHighMul(hiresInput, p.OutputMultiplier);

            short reluish = hiresInput;
            if (p.ReluishExponent > 0) reluish = SaturatingLeftShift(reluish, p.ReluishExponent - 1);
            reluish = Gemmlowp.SaturatingRoundingDoublingHighMul(reluish, p.ReluishMultiplier);
            if (p.ReluishExponent > 0) reluish = SaturatingLeftShift(reluish, 1);
            if (p.ReluishExponent < 0) reluish = Gemmlowp.RoundingDivideByPOT(reluish, -p.ReluishExponent);
            // From [-1, 1] to [0, 1].
            reluish = unchecked((short)((reluish + (1 << 15)) >> 1));

            short preshift = SaturatingDoublingHighMul(reluish, preshiftOutput);
            short value = Gemmlowp.RoundingDivideByPOT(preshift, -p.OutputExponent);
            value = unchecked((short)(value + p.OutputZeroPoint));
            return Math.Max(Math.Min(value, int.CreateTruncating(T.MaxValue)), int.CreateTruncating(T.MinValue));
        }

        private static short SaturatingLeftShift(short value, int amount) =>
            (short)Math.Clamp((long)value * (1L << amount), short.MinValue, short.MaxValue);

        // ARM's SQDMULH: like the rounding doubling high multiply, but truncating toward zero.
        private static short SaturatingDoublingHighMul(short a, short b) =>
            a == b && a == short.MinValue ? short.MaxValue : (short)(a * b / (1 << 15));
    }
}
