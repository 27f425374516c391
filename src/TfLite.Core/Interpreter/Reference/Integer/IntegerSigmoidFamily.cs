using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// Parameters of TFLite's int8 LOGISTIC and TANH: the input difference from the zero point is scaled to Q4.27;
/// beyond <see cref="InputRangeRadius"/> the output saturates.
/// </summary>
/// <param name="InputZeroPoint">The input zero point.</param>
/// <param name="InputRangeRadius">Largest input difference not yet saturated.</param>
/// <param name="InputMultiplier">Q0.31 multiplier from input units to Q4.27.</param>
/// <param name="InputLeftShift">Its power of two.</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct Int8SigmoidParams(int InputZeroPoint, int InputRangeRadius, int InputMultiplier,
    int InputLeftShift, RoundingMode Rounding)
{
    /// <summary>Integer bits of the scaled input (Q4.27).</summary>
    public const int InputIntegerBits = 4;

    /// <summary>
    /// TFLite Micro's prepare step: <c>frexp</c> of <c>scale * 2^27</c> rounded to Q0.31 directly (not through
    /// <c>QuantizeMultiplier</c>), and the radius for that shift.
    /// </summary>
    public static Int8SigmoidParams Create(float inputScale, int inputZeroPoint, RoundingMode rounding = RoundingMode.Double)
    {
        double real = inputScale * (double)(1 << (31 - InputIntegerBits));
        int shift = 0;
        int multiplier = 0;
        if (real != 0 && double.IsFinite(real))
        {
            shift = Math.ILogB(real) + 1;
            // A mantissa that rounds up to 2^31 wraps to int.MinValue, as the C++ cast does on two's complement.
            multiplier = unchecked((int)(long)TfLiteMath.Round(Math.ScaleB(real, -shift) * (1L << 31)));
        }
        int radius = QuantizationUtil.CalculateInputRadius(InputIntegerBits, shift);
        return new Int8SigmoidParams(inputZeroPoint, radius, multiplier, shift, rounding);
    }
}

/// <summary>
/// Parameters of TFLite's int16 LOGISTIC and TANH, which interpolate <see cref="SigmoidTable"/>: the input is brought
/// to a scale where 3 * 4096 units are one, either by a plain multiplier and right shift, or (power-of-two input
/// scales, <see cref="InputMultiplier"/> 0) by a factor 3 and a shift.
/// </summary>
/// <param name="InputMultiplier">Integer multiplier (at most 32767), or 0 for the power-of-two case.</param>
/// <param name="InputLeftShift">Right shift applied after the multiplier (or the shift of the power-of-two case).</param>
public readonly record struct Int16SigmoidParams(int InputMultiplier, int InputLeftShift)
{
    /// <summary>TFLite's LOGISTIC prepare step for int16.</summary>
    public static Int16SigmoidParams ForLogistic(float inputScale) => Create(inputScale, maxPowerOfTwoShift: 0);

    /// <summary>TFLite's TANH prepare step for int16.</summary>
    public static Int16SigmoidParams ForTanh(float inputScale) => Create(inputScale, maxPowerOfTwoShift: 1);

    private static Int16SigmoidParams Create(float inputScale, int maxPowerOfTwoShift)
    {
        const int inputIntegerBits = 3;
        bool powerOfTwo = QuantizationUtil.CheckedLog2(inputScale, out int log2);
        int leftShift = 15 - inputIntegerBits + log2;
        if (powerOfTwo && leftShift >= 0 && leftShift <= maxPowerOfTwoShift) return new Int16SigmoidParams(0, leftShift);

        // Bring the input scale to 1 / (3 * 4096): +-2^17 then stands for +-10.7.
        double multiplier = inputScale * 4096.0 * 3.0;
        leftShift = 0;
        while (multiplier <= 32767.0 / 2.0 && leftShift <= 30)
        {
            leftShift++;
            multiplier *= 2.0;
        }
        return new Int16SigmoidParams(TfLiteMath.TruncateToInt32(multiplier), leftShift);
    }
}

/// <summary>TFLite's quantized LOGISTIC and TANH reference kernels (<c>reference_integer_ops</c>).</summary>
public static class IntegerSigmoidFamily
{
    /// <summary>int8 logistic; output scale 1/256, zero point -128.</summary>
    public static void Logistic(in Int8SigmoidParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        Int8(p, input, output, tanh: false);

    /// <summary>int8 tanh; output scale 1/128, zero point 0.</summary>
    public static void Tanh(in Int8SigmoidParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        Int8(p, input, output, tanh: true);

    /// <summary>int16 logistic (zero points 0, output scale 2^-15) by interpolation in <see cref="SigmoidTable"/>.</summary>
    public static void Logistic(in Int16SigmoidParams p, ReadOnlySpan<short> input, Span<short> output)
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        var (multiplier, shift, round) = Scaling(p);
        for (int i = 0; i < input.Length; i++)
        {
            int x = (input[i] * multiplier + round) >> shift;
            // 9 fraction bits between entries: 2^-7 of the input unit, times the 1/4 of the 3/4 range scaling.
            uint result = Interpolate((uint)Math.Abs(x), 9, 0x7FFF << 10);
            result = x >= 0 ? result + (1 << 9) : (1 << (16 + 9)) - result + (1 << 9) - 1;
            output[i] = unchecked((short)(result >> 10));
        }
    }

    /// <summary>int16 tanh (zero points 0, output scale 2^-15): tanh(x) = 2 logistic(2x) - 1 on the same table.</summary>
    public static void Tanh(in Int16SigmoidParams p, ReadOnlySpan<short> input, Span<short> output)
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        var (multiplier, shift, round) = Scaling(p);
        for (int i = 0; i < input.Length; i++)
        {
            int x = (input[i] * multiplier + round) >> shift;
            // Twice the logistic's argument: one fraction bit fewer.
            int result = unchecked((int)Interpolate((uint)Math.Abs(x), 8, 0xFFFF << 8));
            result = x >= 0
                ? result - (1 << (14 + 9)) + (1 << (9 - 2))
                : -result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1;
            output[i] = unchecked((short)(result >> (9 - 1)));
        }
    }

    // Linear interpolation in the table with the given fraction bits, scaled by 2^fractionBits; beyond the last
    // entry the caller's saturated value.
    private static uint Interpolate(uint abs, int fractionBits, uint saturated)
    {
        uint segment = abs >> fractionBits;
        if (segment >= 255) return saturated;
        var table = SigmoidTable.Values;
        uint a = table[(int)segment], b = table[(int)segment + 1];
        return (a << fractionBits) + (abs & ((1u << fractionBits) - 1)) * (b - a);
    }

    private static (int Multiplier, int Shift, int Round) Scaling(in Int16SigmoidParams p)
    {
        int multiplier = p.InputMultiplier, shift = p.InputLeftShift;
        if (multiplier == 0)
        {
            multiplier = 3 << shift;
            shift = 0;
        }
        return (multiplier, shift, shift > 0 ? 1 << (shift - 1) : 0);
    }

    private static void Int8(in Int8SigmoidParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output, bool tanh)
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++)
        {
            int x = input[i] - p.InputZeroPoint;
            if (x <= -p.InputRangeRadius)
            {
                output[i] = sbyte.MinValue;
            }
            else if (x >= p.InputRangeRadius)
            {
                output[i] = sbyte.MaxValue;
            }
            else
            {
                int inQ4 = Requantize.MultiplyByQuantizedMultiplier(x, p.InputMultiplier, p.InputLeftShift, p.Rounding);
                int value = tanh
                    ? Gemmlowp.RoundingDivideByPOT(FixedPointFunctions.Tanh(inQ4, Int8SigmoidParams.InputIntegerBits), 31 - 7)
                    : Gemmlowp.RoundingDivideByPOT(FixedPointFunctions.Logistic(inQ4, Int8SigmoidParams.InputIntegerBits), 31 - 8) - 128;
                output[i] = TfLiteMath.SaturateToInt8(value);
            }
        }
    }
}
