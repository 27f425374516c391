using TfLite.Core.Interpreter.FixedPoint;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

public class FixedPointFunctionsTests
{
    private const double Q31 = 2147483648.0;
    private const double Q15 = 32768.0;

    [Fact]
    public void ExpOnNegativeValues_Int32_TracksExp()
    {
        // Q5.26 inputs over [-32, 0]. The error is dominated by the degree-4 Taylor polynomial on [-1/4, 0]:
        // e^(-1/8) (1/8)^5 / 120 = 2.3e-7 at the interval's ends.
        for (int raw = 0; raw > int.MinValue + 9973; raw -= 9973)
        {
            double x = raw / (double)(1 << 26);
            double actual = FixedPointFunctions.ExpOnNegativeValues(raw, 5) / Q31;
            Assert.True(Math.Abs(actual - Math.Exp(x)) < 2.5e-7, $"x={x}: {actual} vs {Math.Exp(x)}");
        }
    }

    [Fact]
    public void ExpOnNegativeValues_ZeroIsTheLargestQ0Value() =>
        Assert.Equal(int.MaxValue, FixedPointFunctions.ExpOnNegativeValues(0, 5));

    [Fact]
    public void ExpOnNegativeValues_FarBelowMinusThirtyTwoIsZero()
    {
        // With 6 integer bits -40 is representable and below the clamp at -32.
        int raw = -40 << 25;
        Assert.Equal(0, FixedPointFunctions.ExpOnNegativeValues(raw, 6));
    }

    [Fact]
    public void ExpOnInterval_IsTheTaylorPolynomialAroundMinusOneEighth()
    {
        // On [-1/4, 0) gemmlowp evaluates e^(-1/8) (1 + x + x^2/2 + x^3/6 + x^4/24) with x = a + 1/8; the fixed-point
        // evaluation must equal that polynomial up to its own roundings (a few units of 2^-31).
        for (int raw = -(1 << 29); raw < 0; raw += 65537)
        {
            double x = raw / Q31 + 0.125;
            double polynomial = Math.Exp(-0.125) * (1 + x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24);
            double actual = FixedPointFunctions.ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(raw) / Q31;
            Assert.True(Math.Abs(actual - polynomial) < 1e-8, $"a={raw / Q31}: {actual} vs {polynomial}");
        }
    }

    [Fact]
    public void ExpOnNegativeValues_Int16_TracksExp()
    {
        for (int raw = 0; raw >= short.MinValue; raw -= 7)
        {
            double x = raw / 4096.0; // Q3.12; 16-bit arithmetic keeps about 2 units of error
            double actual = FixedPointFunctions.ExpOnNegativeValues((short)raw, 3) / Q15;
            Assert.True(Math.Abs(actual - Math.Exp(x)) < 2.5 / Q15, $"x={x}: {actual} vs {Math.Exp(x)}");
        }
    }

    [Fact]
    public void Reciprocals_TrackTheirRealFunctions()
    {
        for (int raw = 0; raw < int.MaxValue - 1000000; raw += 1000003)
        {
            double x = raw / Q31;
            // Three Newton steps from the 48/17 - 32/17 d guess leave (1/17)^8; the rest is Q2 rounding.
            Assert.True(Math.Abs(FixedPointFunctions.OneOverOnePlusXForXIn01(raw) / Q31 - 1 / (1 + x)) < 1e-8);
            Assert.True(Math.Abs(FixedPointFunctions.OneMinusXOverOnePlusXForXIn01(raw) / Q31 - (1 - x) / (1 + x)) < 1e-8);
        }
        for (int raw = 0; raw <= short.MaxValue; raw += 3)
        {
            double x = raw / Q15;
            // In 16 bits the Q2 intermediate has only 13 fractional bits: several units of Q0.15.
            Assert.True(Math.Abs(FixedPointFunctions.OneOverOnePlusXForXIn01((short)raw) / Q15 - 1 / (1 + x)) < 7 / Q15);
        }
    }

    [Fact]
    public void TanhAndLogistic_Int32_TrackTheirRealFunctionsAndSymmetries()
    {
        for (int raw = int.MinValue + 1; raw < int.MaxValue - 4000000; raw += 4000037)
        {
            double x = raw / (double)(1 << 27); // Q4.27
            int tanh = FixedPointFunctions.Tanh(raw, 4);
            int logistic = FixedPointFunctions.Logistic(raw, 4);
            // Inherits the exp polynomial's 2.3e-7, shrunk by the reciprocal's slope.
            Assert.True(Math.Abs(tanh / Q31 - Math.Tanh(x)) < 2e-7, $"tanh({x})");
            Assert.True(Math.Abs(logistic / Q31 - 1 / (1 + Math.Exp(-x))) < 1e-7, $"logistic({x})");
            // Both are built from the negative half: odd and complementary by construction.
            Assert.Equal(-tanh, FixedPointFunctions.Tanh(-raw, 4));
            Assert.Equal(int.MaxValue - logistic, FixedPointFunctions.Logistic(-raw, 4));
        }
        Assert.Equal(0, FixedPointFunctions.Tanh(0, 4));
        Assert.Equal(1 << 30, FixedPointFunctions.Logistic(0, 4));
    }

    [Fact]
    public void TanhAndLogistic_Int16_TrackTheirRealFunctions()
    {
        for (int raw = short.MinValue; raw <= short.MaxValue; raw++)
        {
            // Q3.12, as TFLite's int16 LSTM gates; the 16-bit exp and reciprocal errors add up to about 12 units.
            double x = raw / 4096.0;
            Assert.True(Math.Abs(FixedPointFunctions.Tanh((short)raw, 3) / Q15 - Math.Tanh(x)) < 13 / Q15, $"tanh({x})");
            Assert.True(Math.Abs(FixedPointFunctions.Logistic((short)raw, 3) / Q15 - 1 / (1 + Math.Exp(-x))) < 7 / Q15,
                $"logistic({x})");
        }
        Assert.Equal((short)16384, FixedPointFunctions.Logistic((short)0, 3));
    }

    [Fact]
    public void GetReciprocal_NormalisesAndInverts()
    {
        // 3.0 in Q12.19 = 1.5 * 2^1: one bit over unit and 1/1.5 = 2/3 in Q0.31.
        int reciprocal = FixedPointFunctions.GetReciprocal(3 << 19, 12, out int bitsOverUnit);
        Assert.Equal(1, bitsOverUnit);
        Assert.Equal(2.0 / 3.0, reciprocal / Q31, 8);
        // 1.0 in Q12.19: nothing over unit and the reciprocal is (just below) one.
        reciprocal = FixedPointFunctions.GetReciprocal(1 << 19, 12, out bitsOverUnit);
        Assert.Equal(0, bitsOverUnit);
        Assert.Equal(1.0, reciprocal / Q31, 8);
    }
}
