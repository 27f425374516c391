using System.Numerics;
using static TfLite.Core.Interpreter.FixedPoint.FixedPointFormat;

namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>
/// gemmlowp's fixed-point transcendental functions (exp, tanh, logistic, reciprocals) on raw values, for 32-bit
/// and 16-bit raw types. Inputs carry their number of integer bits; results are in Q0 (no integer bits) unless
/// stated. Every step is the same integer operation gemmlowp performs, so results are bit-exact.
/// </summary>
public static class FixedPointFunctions
{
    // exp(-2^k) in Q0.31 for k = -2..4, used to multiply in the integer part of the argument bit by bit.
    private static readonly (int Exponent, int Multiplier)[] ExpBarrelShifter =
    [
        (-2, 1672461947), (-1, 1302514674), (0, 790015084), (1, 290630308), (2, 39332535), (3, 720401), (4, 242),
    ];

    /// <summary>exp(a) for a Q0 value a in [-1/4, 0), by a Taylor expansion around -1/8.</summary>
    public static T ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl<T>(T a)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        T expMinusOneEighth = Constant<T>(1895147668);
        T oneThird = Constant<T>(715827883);
        T x = unchecked(a + PowerOfTwo<T>(0, -3));
        T x2 = Multiply(x, x);
        T x3 = Multiply(x2, x);
        T x4 = Multiply(x2, x2);
        T x4Over4 = Gemmlowp.SaturatingRoundingMultiplyByPOT(x4, -2);
        T polynomial = Gemmlowp.SaturatingRoundingMultiplyByPOT(
            unchecked(Multiply(unchecked(x4Over4 + x3), oneThird) + x2), -1);
        return Gemmlowp.AddSaturatingIf16Bit(expMinusOneEighth, Multiply(expMinusOneEighth, unchecked(x + polynomial)));
    }

    /// <summary>exp(a) for a &lt;= 0 given with <paramref name="integerBits"/> integer bits; result in Q0.</summary>
    public static T ExpOnNegativeValues<T>(T a, int integerBits) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int fractionalBits = FractionalBits<T>(integerBits);
        T oneQuarter = PowerOfTwo<T>(integerBits, -2);
        T mask = oneQuarter - T.One;
        T aModQuarterMinusQuarter = unchecked((a & mask) - oneQuarter);
        T result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(Rescale(aModQuarterMinusQuarter, integerBits, 0));
        long remainder = long.CreateTruncating(unchecked(aModQuarterMinusQuarter - a));

        foreach (var (exponent, multiplier) in ExpBarrelShifter)
        {
            if (integerBits <= exponent) continue;
            if ((remainder & (1L << (fractionalBits + exponent))) != 0)
                result = Multiply(result, Constant<T>(multiplier));
        }

        if (integerBits > 5)
        {
            // Below -32 the result is zero in Q0 anyway; clamp to avoid garbage from the wrapped remainder.
            T minusThirtyTwo = Constant<T>(-(1 << (36 - integerBits)));
            if (a < minusThirtyTwo) result = T.Zero;
        }

        return a == T.Zero ? One<T>(0) : result;
    }

    /// <summary>(1 - a) / (1 + a) for a Q0 value a in [0, 1), by three Newton-Raphson steps.</summary>
    public static T OneMinusXOverOnePlusXForXIn01<T>(T a) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        Rescale(unchecked(ReciprocalOfHalfOnePlusX(a) - One<T>(2)), 2, 0);

    /// <summary>1 / (1 + a) for a Q0 value a in [0, 1), by three Newton-Raphson steps.</summary>
    public static T OneOverOnePlusXForXIn01<T>(T a) where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        // Halving the Q2 reciprocal of (1 + a) / 2 is free: read the same raw value as Q1.
        Rescale(ReciprocalOfHalfOnePlusX(a), 1, 0);

    /// <summary>tanh(a) for any a given with <paramref name="integerBits"/> integer bits; result in Q0.</summary>
    public static T Tanh<T>(T a, int integerBits) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (a == T.Zero) return T.Zero;
        bool negative = a < T.Zero;
        T negativeInput = negative ? a : unchecked(-a);
        // -tanh(x) = (1 - exp(2x)) / (1 + exp(2x)) for x < 0; doubling x is free: one more integer bit.
        T negTanh = OneMinusXOverOnePlusXForXIn01(ExpOnNegativeValues(negativeInput, integerBits + 1));
        return negative ? unchecked(-negTanh) : negTanh;
    }

    /// <summary>1 / (1 + exp(-a)) for any a given with <paramref name="integerBits"/> integer bits; result in Q0.</summary>
    public static T Logistic<T>(T a, int integerBits) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (a == T.Zero) return Constant<T>(1 << 30);
        bool positive = a > T.Zero;
        T absInput = positive ? a : unchecked(-a);
        T ifPositive = OneOverOnePlusXForXIn01(ExpOnNegativeValues(unchecked(-absInput), integerBits));
        return positive ? ifPositive : unchecked(One<T>(0) - ifPositive);
    }

    /// <summary>
    /// Reciprocal of a positive value with <paramref name="integerBits"/> integer bits, as TFLite's
    /// <c>GetReciprocal</c>: returns 1 / (x normalised into [1, 2)) in Q0 and the power of two taken out.
    /// </summary>
    /// <param name="x">Raw Q(integerBits) value, &gt; 0.</param>
    /// <param name="integerBits">Integer bits of <paramref name="x"/>.</param>
    /// <param name="bitsOverUnit">How many bits above 1.0 the normalisation removed.</param>
    public static int GetReciprocal(int x, int integerBits, out int bitsOverUnit)
    {
        int headroomPlusOne = Gemmlowp.CountLeadingZeros((uint)x);
        bitsOverUnit = integerBits - headroomPlusOne;
        int shiftedSumMinusOne = unchecked((int)(((uint)x << headroomPlusOne) - (1u << 31)));
        return OneOverOnePlusXForXIn01(shiftedSumMinusOne);
    }

    // Newton-Raphson for 1 / d with d = (1 + a) / 2 in [1/2, 1): starts from 48/17 - 32/17 d; result in Q2.
    private static T ReciprocalOfHalfOnePlusX<T>(T a) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        T halfDenominator = Gemmlowp.RoundingHalfSum(a, One<T>(0));
        T fortyEightOverSeventeen = Constant<T>(1515870810);
        T minusThirtyTwoOverSeventeen = Constant<T>(-1010580540);
        T x = unchecked(fortyEightOverSeventeen + Multiply(halfDenominator, minusThirtyTwoOverSeventeen));
        for (int i = 0; i < 3; i++)
        {
            T oneMinusHalfDenominatorTimesX = unchecked(One<T>(2) - Multiply(halfDenominator, x));
            x = unchecked(x + Rescale(Multiply(x, oneMinusHalfDenominatorTimesX), 4, 2));
        }
        return x;
    }
}
