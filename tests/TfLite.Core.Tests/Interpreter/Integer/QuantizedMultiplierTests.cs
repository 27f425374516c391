using System.Numerics;
using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.FixedPoint;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

public class QuantizedMultiplierTests
{
    [Theory]
    // 0.5 = 0.5 * 2^0: mantissa 0.5 in Q0.31.
    [InlineData(0.5, 1 << 30, 0)]
    // 1 = 0.5 * 2^1.
    [InlineData(1.0, 1 << 30, 1)]
    [InlineData(0.75, 1610612736, 0)]
    // 0.1 = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4 rounds down.
    [InlineData(0.1, 1717986918, -3)]
    // 3 = 0.75 * 2^2.
    [InlineData(3.0, 1610612736, 2)]
    // Negative multipliers keep their sign in the mantissa.
    [InlineData(-0.5, -(1 << 30), 0)]
    [InlineData(0.0, 0, 0)]
    // Below 2^-31 everything would shift out: flushed to zero.
    [InlineData(9.094947017729282e-13, 0, 0)]
    public void Quantize_HandWorked(double real, int multiplier, int shift) =>
        Assert.Equal(new QuantizedMultiplier(multiplier, shift), QuantizedMultiplier.Quantize(real));

    [Fact]
    public void Quantize_MantissaRoundingUpToOneCarriesIntoTheShift()
    {
        // 1 - 2^-40 has mantissa 1 - 2^-40, which is 2^31 after rounding: halve it and shift once more.
        Assert.Equal(new QuantizedMultiplier(1 << 30, 1), QuantizedMultiplier.Quantize(1 - Math.ScaleB(1, -40)));
    }

    [Fact]
    public void Quantize_SingleRoundingSaturatesShiftsAboveThirty()
    {
        double real = Math.ScaleB(1, 31); // 0.5 * 2^32
        Assert.Equal(new QuantizedMultiplier(1 << 30, 32), QuantizedMultiplier.Quantize(real, RoundingMode.Double));
        Assert.Equal(new QuantizedMultiplier(int.MaxValue, 30), QuantizedMultiplier.Quantize(real, RoundingMode.Single));
    }

    [Fact]
    public void Quantize_RoundTripsWithinHalfAUnitOfTheMantissa()
    {
        var random = new Random(7);
        for (int i = 0; i < 10000; i++)
        {
            double real = Math.Exp(random.NextDouble() * 40 - 20);
            var q = QuantizedMultiplier.Quantize(real);
            Assert.InRange(q.Multiplier, 1 << 30, int.MaxValue);
            double unit = Math.ScaleB(1, q.Shift - 31);
            Assert.True(Math.Abs(q.ToDouble() - real) <= unit / 2, $"{real}: {q}");
        }
    }

    [Fact]
    public void Quantize_RangeChecksThrowTypedErrors()
    {
        Assert.Equal("InvalidQuantizedMultiplier",
            Assert.Throws<InterpreterException>(() => QuantizedMultiplier.Quantize(double.NaN)).ErrorId);
        Assert.Throws<InterpreterException>(() => QuantizedMultiplier.QuantizeGreaterThanOne(0.5));
        Assert.Throws<InterpreterException>(() => QuantizedMultiplier.QuantizeSmallerThanOneExp(1.5));
        Assert.Throws<InterpreterException>(() => QuantizedMultiplier.QuantizeSmallerThanOneExp(0));
        // Rounds to exactly one: TFLite's check on the shift refuses it.
        Assert.Throws<InterpreterException>(() => QuantizedMultiplier.QuantizeSmallerThanOneExp(1 - Math.ScaleB(1, -40)));
        Assert.Equal(new QuantizedMultiplier(1610612736, 2), QuantizedMultiplier.QuantizeGreaterThanOne(3));
        Assert.Equal(new QuantizedMultiplier(1717986918, -3), QuantizedMultiplier.QuantizeSmallerThanOneExp(0.1));
    }

    [Theory]
    // 3 * 0.5 = 1.5: both round the positive tie up.
    [InlineData(3, 1 << 30, 0, 2, 2)]
    // -3 * 0.5 = -1.5: the doubling high multiply rounds ties up as well, so both give -1.
    [InlineData(-3, 1 << 30, 0, -1, -1)]
    // -6 * 0.5 / 2 = -1.5: single rounds half up (-1); double's right shift rounds away from zero (-2).
    [InlineData(-6, 1 << 30, -1, -1, -2)]
    // 5 * 0.5 / 2 = 1.25: single gives 1; double first rounds 2.5 to 3, then 1.5 to 2.
    [InlineData(5, 1 << 30, -1, 1, 2)]
    // 100 * 0.75 * 4 = 300 exactly in both.
    [InlineData(100, 1610612736, 2, 300, 300)]
    public void MultiplyByQuantizedMultiplier_HandWorked(int x, int multiplier, int shift, int single, int @double)
    {
        Assert.Equal(single, Requantize.MultiplyByQuantizedMultiplier(x, multiplier, shift, RoundingMode.Single));
        Assert.Equal(@double, Requantize.MultiplyByQuantizedMultiplier(x, multiplier, shift, RoundingMode.Double));
    }

    [Fact]
    public void SingleRounding_IsOneRoundHalfUpOfTheExactProduct()
    {
        var random = new Random(11);
        for (int i = 0; i < 20000; i++)
        {
            int x = random.Next(-(1 << 24), 1 << 24);
            int multiplier = random.Next(1 << 30, int.MaxValue);
            int shift = random.Next(-20, 6);
            BigInteger product = (BigInteger)x * multiplier;
            int totalShift = 31 - shift;
            // floor(p / 2^k + 1/2); BigInteger's right shift floors.
            var expected = (int)((product + (BigInteger.One << (totalShift - 1))) >> totalShift);
            Assert.Equal(expected, Requantize.MultiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift));
        }
    }

    [Fact]
    public void DoubleAndSingleRounding_DifferOnlyNearTiesAndByOne()
    {
        var random = new Random(5);
        int differences = 0;
        for (int i = 0; i < 50000; i++)
        {
            int x = random.Next(-(1 << 20), 1 << 20);
            int multiplier = random.Next(1 << 30, int.MaxValue);
            int shift = random.Next(-12, 3);
            int single = Requantize.MultiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift);
            int dbl = Requantize.MultiplyByQuantizedMultiplierDoubleRounding(x, multiplier, shift);
            if (single == dbl) continue;
            differences++;
            Assert.Equal(1, Math.Abs(single - dbl));
            // The exact value must lie within the first rounding's error (half a unit of 2^-rightShift) of the
            // half-integer between the two answers.
            int rightShift = Math.Max(0, -shift);
            double exact = (double)((BigInteger)x * multiplier) * Math.ScaleB(1, shift - 31);
            double tie = Math.Min(single, dbl) + 0.5;
            Assert.True(Math.Abs(exact - tie) <= Math.ScaleB(1, -rightShift - 1) + 1e-12,
                $"x={x} m={multiplier} shift={shift} exact={exact} single={single} double={dbl}");
        }
        Assert.True(differences > 0);
    }

    [Fact]
    public void DoubleAndSingleRounding_ExactNegativeTiesDifferExactPositiveTiesAgree()
    {
        for (int k = 1; k < 200; k++)
        {
            // x * 0.5 / 2^4 = (2k + 1) / 2 exactly when x = (2k + 1) * 16.
            int x = (2 * k + 1) * 16;
            Assert.Equal(k + 1, Requantize.MultiplyByQuantizedMultiplierSingleRounding(x, 1 << 30, -4));
            Assert.Equal(k + 1, Requantize.MultiplyByQuantizedMultiplierDoubleRounding(x, 1 << 30, -4));
            Assert.Equal(-k, Requantize.MultiplyByQuantizedMultiplierSingleRounding(-x, 1 << 30, -4));
            Assert.Equal(-k - 1, Requantize.MultiplyByQuantizedMultiplierDoubleRounding(-x, 1 << 30, -4));
        }
    }

    [Theory]
    // Multiplier 0.75 reduces to 24576 in Q15; 1000 * 24576 / 2^15 = 750.
    [InlineData(1000L, 1610612736, 0, 750)]
    // 1001 * 0.75 = 750.75 -> 751; with shift -1: 375.375 -> 375.
    [InlineData(1001L, 1610612736, 0, 751)]
    [InlineData(1001L, 1610612736, -1, 375)]
    // -3 * 0.5 = -1.5: the 64-bit path rounds half up in both builds.
    [InlineData(-3L, 1 << 30, 0, -1)]
    // A multiplier at the top saturates to 0x7FFF instead of overflowing the reduction.
    [InlineData(1L << 20, int.MaxValue, 0, 1048544)]
    public void MultiplyByQuantizedMultiplier_Int64Accumulator(long x, int multiplier, int shift, int expected) =>
        Assert.Equal(expected, Requantize.MultiplyByQuantizedMultiplier(x, multiplier, shift));
}
