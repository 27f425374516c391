namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>
/// A real multiplier as TFLite stores it: <c>real ≈ Multiplier / 2^31 * 2^Shift</c>, with
/// <see cref="Multiplier"/> in [2^30, 2^31) (or 0) and <see cref="Shift"/> positive for a left shift.
/// The factory methods follow TFLite's <c>QuantizeMultiplier</c> family exactly.
/// </summary>
/// <param name="Multiplier">Q0.31 mantissa.</param>
/// <param name="Shift">Power of two; positive shifts left, negative right.</param>
public readonly record struct QuantizedMultiplier(int Multiplier, int Shift)
{
    /// <summary>
    /// TFLite's <c>QuantizeMultiplier</c>: splits <paramref name="realMultiplier"/> into a rounded Q0.31 mantissa and
    /// a power of two. Multipliers below 2^-31 become zero. In <see cref="RoundingMode.Single"/> mode shifts above 30
    /// saturate, as TFLite does when built with <c>TFLITE_SINGLE_ROUNDING</c>.
    /// </summary>
    /// <exception cref="InterpreterException">The multiplier is NaN or infinite (ErrorId <c>InvalidQuantizedMultiplier</c>).</exception>
    public static QuantizedMultiplier Quantize(double realMultiplier, RoundingMode rounding = RoundingMode.Double)
    {
        if (realMultiplier == 0) return default;
        if (!double.IsFinite(realMultiplier))
            throw Invalid($"The requantization multiplier {realMultiplier} is not a finite number.");

        // frexp: realMultiplier = mantissa * 2^shift with |mantissa| in [0.5, 1); both steps are exact.
        int shift = Math.ILogB(realMultiplier) + 1;
        double mantissa = Math.ScaleB(realMultiplier, -shift);
        long fixedMantissa = (long)TfLiteMath.Round(mantissa * (1L << 31));
        if (fixedMantissa == 1L << 31)
        {
            fixedMantissa /= 2;
            shift++;
        }
        if (shift < -31)
        {
            shift = 0;
            fixedMantissa = 0;
        }
        if (rounding == RoundingMode.Single && shift > 30)
        {
            shift = 30;
            fixedMantissa = int.MaxValue;
        }
        return new QuantizedMultiplier((int)fixedMantissa, shift);
    }

    /// <summary>TFLite's <c>QuantizeMultiplierGreaterThanOne</c>: the multiplier must exceed 1 (shift &gt;= 0).</summary>
    /// <exception cref="InterpreterException">The multiplier is not above 1 (ErrorId <c>InvalidQuantizedMultiplier</c>).</exception>
    public static QuantizedMultiplier QuantizeGreaterThanOne(double realMultiplier, RoundingMode rounding = RoundingMode.Double)
    {
        if (!(realMultiplier > 1))
            throw Invalid($"The requantization multiplier {realMultiplier} must be greater than one.");
        return Quantize(realMultiplier, rounding);
    }

    /// <summary>TFLite's <c>QuantizeMultiplierSmallerThanOneExp</c>: the multiplier must be in (0, 1) (shift &lt;= 0).</summary>
    /// <exception cref="InterpreterException">The multiplier is outside (0, 1) (ErrorId <c>InvalidQuantizedMultiplier</c>).</exception>
    public static QuantizedMultiplier QuantizeSmallerThanOneExp(double realMultiplier, RoundingMode rounding = RoundingMode.Double)
    {
        if (!(realMultiplier > 0 && realMultiplier < 1))
            throw Invalid($"The requantization multiplier {realMultiplier} must be between zero and one.");
        var result = Quantize(realMultiplier, rounding);
        // Rounding the mantissa up to 2^31 can carry the shift to +1 for values just below one.
        if (result.Shift > 0)
            throw Invalid($"The requantization multiplier {realMultiplier} rounds to one or more.");
        return result;
    }

    /// <summary>The real multiplier this pair stands for.</summary>
    public double ToDouble() => Multiplier / (double)(1L << 31) * Math.ScaleB(1.0, Shift);

    /// <summary>Applies the multiplier to a 32-bit accumulator with the given rounding.</summary>
    public int Apply(int x, RoundingMode rounding) => Requantize.MultiplyByQuantizedMultiplier(x, Multiplier, Shift, rounding);

    /// <summary>Applies the multiplier to a 64-bit accumulator (one rounding in both modes, as TFLite does).</summary>
    public int Apply(long x) => Requantize.MultiplyByQuantizedMultiplier(x, Multiplier, Shift);

    private static InterpreterException Invalid(string message) => new("InvalidQuantizedMultiplier", message);
}
