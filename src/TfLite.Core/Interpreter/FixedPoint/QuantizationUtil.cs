using TfLite.Core.Graph;
using static TfLite.Core.Interpreter.FixedPoint.FixedPointFormat;

namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>
/// Parameter derivations TFLite's integer kernels share in their prepare step (<c>quantization_util</c> and
/// <c>kernel_util</c>): power-of-two checks, input radii, softmax scaling, inverse square roots, activation ranges.
/// </summary>
public static class QuantizationUtil
{
    /// <summary>
    /// TFLite's <c>CheckedLog2</c>: the rounded base-2 logarithm of <paramref name="x"/> (computed in float as TFLite
    /// does) and whether <paramref name="x"/> is a power of two within 1e-3 in the exponent.
    /// </summary>
    public static bool CheckedLog2(float x, out int log2)
    {
        float xLog2 = MathF.Log(x) * (1.0f / MathF.Log(2.0f));
        float rounded = TfLiteMath.Round(xLog2);
        log2 = (int)rounded;
        return MathF.Abs(xLog2 - rounded) < 1e-3f;
    }

    /// <summary>
    /// TFLite's <c>CalculateInputRadius</c>: the largest input difference (in the input's quantized units, after the
    /// left shift) whose rescaled value still fits the fixed-point format; beyond it outputs saturate.
    /// </summary>
    public static int CalculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits = 31)
    {
        double maxInputRescaled = 1.0 * ((1 << inputIntegerBits) - 1) *
                                  (1L << (totalSignedBits - inputIntegerBits)) / (1L << inputLeftShift);
        return (int)Math.Floor(maxInputRescaled);
    }

    /// <summary>
    /// TFLite's <c>PreprocessSoftmaxScaling</c>: the multiplier that maps an input difference to
    /// Q(<paramref name="inputIntegerBits"/>) with <c>beta</c> folded in, capped so that it stays representable.
    /// </summary>
    public static QuantizedMultiplier PreprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits,
        RoundingMode rounding = RoundingMode.Double)
    {
        double maxRealMultiplier = rounding == RoundingMode.Single ? (1L << 30) - 1.0 : (1L << 31) - 1.0;
        double realMultiplier = Math.Min(beta * inputScale * (1 << (31 - inputIntegerBits)), maxRealMultiplier);
        return QuantizedMultiplier.QuantizeGreaterThanOne(realMultiplier, rounding);
    }

    /// <summary>
    /// TFLite's <c>PreprocessLogSoftmaxScalingExp</c>: the softmax scaling and, for log-softmax, the multiplier that
    /// undoes it.
    /// </summary>
    public static (QuantizedMultiplier Input, QuantizedMultiplier ReverseScaling) PreprocessLogSoftmaxScalingExp(
        double beta, double inputScale, int inputIntegerBits, RoundingMode rounding = RoundingMode.Double)
    {
        var input = PreprocessSoftmaxScaling(beta, inputScale, inputIntegerBits, rounding);
        double reverseScalingDivisor = (1 << (31 - input.Shift)) / (double)input.Multiplier;
        return (input, QuantizedMultiplier.QuantizeSmallerThanOneExp(reverseScalingDivisor, rounding));
    }

    /// <summary>
    /// TFLite's <c>GetInvSqrtQuantizedMultiplierExp</c>: 1/sqrt(<paramref name="input"/>) as a Q0.31 multiplier and
    /// shift, by five Newton-Raphson steps in Q3. <paramref name="reverseShift"/> is -1 to return a left shift.
    /// </summary>
    public static QuantizedMultiplier GetInvSqrtQuantizedMultiplierExp(int input, int reverseShift)
    {
        // 0 is invalid and 1 would overflow below; TFLite answers both with the largest multiplier.
        if (input <= 1) return new QuantizedMultiplier(int.MaxValue, 0);

        int shift = 11;
        while (input >= 1 << 29)
        {
            input /= 4;
            shift++;
        }
        int leftShiftBitPairs = (Gemmlowp.CountLeadingZeros((uint)input) - 1) / 2 - 1;
        shift -= leftShiftBitPairs;
        input <<= 2 * leftShiftBitPairs;

        const int Q = 3;
        int halfInput = Gemmlowp.SaturatingRoundingMultiplyByPOT(input >> 1, -1);
        int halfThree = (1 << 28) + (1 << 27);
        int x = One<int>(Q);
        for (int i = 0; i < 5; i++)
        {
            int x3 = Rescale(Multiply(Multiply(x, x), x), 3 * Q, Q);
            x = Rescale(unchecked(Multiply(halfThree, x) - Multiply(halfInput, x3)), 2 * Q, Q);
        }
        int halfSqrtTwo = 1518500250;
        int invSqrt = Multiply(x, halfSqrtTwo);
        if (shift < 0)
        {
            invSqrt <<= -shift;
            shift = 0;
        }
        return new QuantizedMultiplier(invSqrt, shift * reverseShift);
    }

    /// <summary>
    /// TFLite's <c>CalculateActivationRangeQuantized</c>: the clamp range of a fused activation in the output's
    /// quantized units, intersected with the type's range [<paramref name="typeMin"/>, <paramref name="typeMax"/>].
    /// </summary>
    /// <exception cref="InterpreterException">A bound does not fit in 32 bits (ErrorId <c>InvalidQuantization</c>).</exception>
    public static (int Min, int Max) CalculateActivationRangeQuantized(ActivationFunction activation, float scale,
        int zeroPoint, int typeMin, int typeMax) => activation switch
    {
        ActivationFunction.Relu => (Math.Max(typeMin, QuantizeBound(0f, scale, zeroPoint)), typeMax),
        ActivationFunction.Relu6 => (Math.Max(typeMin, QuantizeBound(0f, scale, zeroPoint)),
            Math.Min(typeMax, QuantizeBound(6f, scale, zeroPoint))),
        ActivationFunction.ReluN1To1 => (Math.Max(typeMin, QuantizeBound(-1f, scale, zeroPoint)),
            Math.Min(typeMax, QuantizeBound(1f, scale, zeroPoint))),
        _ => (typeMin, typeMax),
    };

    private static int QuantizeBound(float value, float scale, int zeroPoint)
    {
        float q = TfLiteMath.Round(value / scale);
        if (!(q >= int.MinValue && q <= int.MaxValue))
            throw new InterpreterException("InvalidQuantization",
                $"The activation bound {value} does not fit in 32 bits at output scale {scale}.");
        return unchecked(zeroPoint + TfLiteMath.TruncateToInt32(q));
    }
}
