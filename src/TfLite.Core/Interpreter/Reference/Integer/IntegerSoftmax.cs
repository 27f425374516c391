using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// Parameters of TFLite's 8-bit-input SOFTMAX: input differences from the row maximum are scaled (with beta) to
/// Q5.26 for gemmlowp's exp; differences below <see cref="DiffMin"/> contribute nothing.
/// </summary>
/// <param name="Input">Multiplier (with its left shift) from input units to Q5.26.</param>
/// <param name="DiffMin">Smallest input difference still taken into account (negative).</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct QuantizedSoftmaxParams(QuantizedMultiplier Input, int DiffMin, RoundingMode Rounding)
{
    /// <summary>Integer bits of the scaled differences (Q5.26).</summary>
    public const int ScaledDiffIntegerBits = 5;

    /// <summary>TFLite's SOFTMAX prepare step for int8/uint8 input.</summary>
    public static QuantizedSoftmaxParams Create(double beta, float inputScale, RoundingMode rounding = RoundingMode.Double)
    {
        var input = QuantizationUtil.PreprocessSoftmaxScaling(beta, inputScale, ScaledDiffIntegerBits, rounding);
        int diffMin = -QuantizationUtil.CalculateInputRadius(ScaledDiffIntegerBits, input.Shift);
        return new QuantizedSoftmaxParams(input, diffMin, rounding);
    }
}

/// <summary>
/// Parameters of TFLite's int16 SOFTMAX: differences are scaled so that [-65535, 0] covers [-10, 0], then exp and
/// the reciprocal of the sum come from two interpolated int16 tables.
/// </summary>
/// <param name="Input">Multiplier from input units to the exp table's input units.</param>
/// <param name="ExpTable">exp over [-10, 0] (513 entries).</param>
/// <param name="OneOverOnePlusXTable">1 / (1 + x) over [0, 1] (513 entries).</param>
/// <param name="Rounding">Requantization rounding.</param>
public sealed record QuantizedSoftmaxInt16Params(QuantizedMultiplier Input, short[] ExpTable, short[] OneOverOnePlusXTable,
    RoundingMode Rounding)
{
    /// <summary>TFLite's SOFTMAX prepare step for int16 input.</summary>
    public static QuantizedSoftmaxInt16Params Create(double beta, float inputScale, RoundingMode rounding = RoundingMode.Double)
    {
        const float range = short.MaxValue - (float)short.MinValue;
        var exp = new short[LookupTables.Int16TableSize];
        LookupTables.PopulateInt16(10.0f / range, short.MaxValue, 2.0f / range, 0, MathF.Exp, exp);
        var reciprocal = new short[LookupTables.Int16TableSize];
        LookupTables.PopulateInt16(1.0f / range, short.MinValue, 2.0f / range, 0, x => 1.0f / (1.0f + x), reciprocal);
        var input = QuantizedMultiplier.Quantize((double)inputScale * beta / (10.0 / 65535.0), rounding);
        return new QuantizedSoftmaxInt16Params(input, exp, reciprocal, rounding);
    }
}

/// <summary>TFLite's quantized SOFTMAX reference kernels over the last dimension.</summary>
public static class IntegerSoftmax
{
    /// <summary>
    /// 8-bit input (int8 or uint8) to 8- or 16-bit output with zero point at the type's minimum
    /// (scale 1/256 or 1/65536): gemmlowp's exp on Q5.26, summed in Q12.19, times the reciprocal of the sum.
    /// </summary>
    public static void Softmax<TIn, TOut>(in QuantizedSoftmaxParams p, int depth, ReadOnlySpan<TIn> input, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>, IMinMaxValue<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        const int accumulationIntegerBits = 12;
        CheckRows(depth, input.Length, output.Length);
        int outMin = int.CreateTruncating(TOut.MinValue), outMax = int.CreateTruncating(TOut.MaxValue);
        int outputBits = Gemmlowp.BitsOf<TOut>();
        for (int row = 0; row < input.Length / depth; row++)
        {
            var values = input.Slice(row * depth, depth);
            var results = output.Slice(row * depth, depth);
            int max = int.CreateTruncating(TIn.MinValue);
            foreach (var v in values) max = Math.Max(max, int.CreateTruncating(v));

            int sumOfExps = 0;
            foreach (var v in values)
            {
                int diff = int.CreateTruncating(v) - max;
                if (diff < p.DiffMin) continue;
                int exp = FixedPointFunctions.ExpOnNegativeValues(ScaledDiff(p, diff), QuantizedSoftmaxParams.ScaledDiffIntegerBits);
                sumOfExps = unchecked(sumOfExps + FixedPointFormat.Rescale(exp, 0, accumulationIntegerBits));
            }

            int shiftedScale = FixedPointFunctions.GetReciprocal(sumOfExps, accumulationIntegerBits, out int bitsOverUnit);
            int exponent = bitsOverUnit + 31 - outputBits;
            if (exponent is < 0 or > 31)
                throw new InterpreterException("SoftmaxOverflow", $"Softmax cannot rescale its sum (exponent {exponent}).");
            for (int c = 0; c < depth; c++)
            {
                int diff = int.CreateTruncating(values[c]) - max;
                int value = outMin;
                if (diff >= p.DiffMin)
                {
                    int exp = FixedPointFunctions.ExpOnNegativeValues(ScaledDiff(p, diff), QuantizedSoftmaxParams.ScaledDiffIntegerBits);
                    int unsaturated = Gemmlowp.RoundingDivideByPOT(FixedPointFormat.Multiply(shiftedScale, exp), exponent);
                    value = Math.Clamp(unsaturated + outMin, outMin, outMax);
                }
                results[c] = TOut.CreateTruncating(value);
            }
        }
    }

    /// <summary>int16 input and output (zero point 0, output scale 1/32768), with table-based exp and reciprocal.</summary>
    public static void SoftmaxInt16(QuantizedSoftmaxInt16Params p, int depth, ReadOnlySpan<short> input, Span<short> output)
    {
        CheckRows(depth, input.Length, output.Length);
        for (int row = 0; row < input.Length / depth; row++)
        {
            var values = input.Slice(row * depth, depth);
            var results = output.Slice(row * depth, depth);
            short max = short.MinValue;
            foreach (var v in values) max = Math.Max(max, v);

            // The exps are cached in the output row, as TFLite does, and summed in Q16.15.
            int sumOfExps = 0;
            for (int c = 0; c < depth; c++)
            {
                int scaled = Requantize.MultiplyByQuantizedMultiplier(values[c] - max, p.Input.Multiplier, p.Input.Shift, p.Rounding);
                results[c] = LookupTables.Lookup(TfLiteMath.SaturateToInt16(scaled + 32767), p.ExpTable);
                sumOfExps += results[c];
            }

            // Normalise the sum to [1, 2) in Q1.14 and look 1 / (1 + (sum - 1)) up, recentred to the table's input.
            int headroomPlusOne = Gemmlowp.CountLeadingZeros((uint)sumOfExps);
            int shiftedSum = (int)((((long)sumOfExps << (headroomPlusOne - 1)) + (1 << 13)) >> 14);
            short reciprocal = LookupTables.Lookup(TfLiteMath.SaturateToInt16(shiftedSum - ((1 << 15) + (1 << 16))),
                p.OneOverOnePlusXTable);

            int rightShift = 31 - headroomPlusOne;
            long round = 1L << (rightShift - 1);
            for (int c = 0; c < depth; c++)
            {
                int result = (int)(((long)results[c] * reciprocal + round) >> rightShift);
                results[c] = (short)Math.Clamp(result, 0, short.MaxValue);
            }
        }
    }

    private static int ScaledDiff(in QuantizedSoftmaxParams p, int diff) =>
        Requantize.MultiplyByQuantizedMultiplierGreaterThanOne(diff, p.Input.Multiplier, p.Input.Shift, p.Rounding);

    private static void CheckRows(int depth, int inputLength, int outputLength)
    {
        if (depth <= 0 || inputLength % depth != 0)
            throw new ArgumentException($"{inputLength} values do not make rows of {depth}.", nameof(depth));
        ShapeChecks.Length(outputLength, inputLength, "output");
    }
}
