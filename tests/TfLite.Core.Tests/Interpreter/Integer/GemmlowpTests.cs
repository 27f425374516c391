using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

public class GemmlowpTests
{
    // Exact references in arbitrary precision: round(numerator / 2^exponent) with ties up or away from zero.
    internal static BigInteger RoundHalfUp(BigInteger numerator, int exponent) =>
        (numerator + (BigInteger.One << (exponent - 1))) >> exponent; // BigInteger's shift floors


    internal static BigInteger RoundHalfAwayFromZero(BigInteger numerator, int exponent)
    {
        BigInteger denominator = BigInteger.One << exponent;
        BigInteger magnitude = BigInteger.Abs(numerator);
        BigInteger quotient = (2 * magnitude + denominator) / (2 * denominator);
        return numerator.Sign < 0 ? -quotient : quotient;
    }

    [Theory]
    // 0.5 * 0.5 = 0.25 in Q0.31.
    [InlineData(1 << 30, 1 << 30, 1 << 29)]
    // 3 * 0.5 = 1.5 units: ties round up (VQRDMULH adds half and floors), so -1.5 goes to -1.
    [InlineData(3, 1 << 30, 2)]
    [InlineData(-3, 1 << 30, -1)]
    // 1 * 0.5 = 0.5 unit -> 1; -0.5 -> 0.
    [InlineData(1, 1 << 30, 1)]
    [InlineData(-1, 1 << 30, 0)]
    // -1.6 -> -2, -1.4 -> -1 (not ties).
    [InlineData(-1717986918, 2, -2)]
    [InlineData(-1503238554, 2, -1)]
    // (-1) * (-1) is +1, not representable: saturates.
    [InlineData(int.MinValue, int.MinValue, int.MaxValue)]
    // (-1) * 0.5 = -0.5 exactly.
    [InlineData(int.MinValue, 1 << 30, -(1 << 30))]
    public void SaturatingRoundingDoublingHighMul_HandWorked(int a, int b, int expected) =>
        Assert.Equal(expected, Gemmlowp.SaturatingRoundingDoublingHighMul(a, b));

    [Fact]
    public void SaturatingRoundingDoublingHighMul_EqualsExactRounding_Int32()
    {
        var random = new Random(1234);
        for (int i = 0; i < 20000; i++)
        {
            int a = random.Next(int.MinValue, int.MaxValue);
            int b = i % 7 == 0 ? a : random.Next(int.MinValue, int.MaxValue);
            if (a == int.MinValue && b == int.MinValue) continue;
            var expected = (int)RoundHalfUp((BigInteger)a * b, 31);
            Assert.Equal(expected, Gemmlowp.SaturatingRoundingDoublingHighMul(a, b));
        }
    }

    [Fact]
    public void SaturatingRoundingDoublingHighMul_EqualsExactRounding_Int16()
    {
        for (int a = short.MinValue; a <= short.MaxValue; a += 97)
        for (int b = short.MinValue; b <= short.MaxValue; b += 89)
        {
            if (a == short.MinValue && b == short.MinValue) continue;
            var expected = (short)RoundHalfUp((BigInteger)a * b, 15);
            Assert.Equal(expected, Gemmlowp.SaturatingRoundingDoublingHighMul((short)a, (short)b));
        }
        Assert.Equal(short.MaxValue, Gemmlowp.SaturatingRoundingDoublingHighMul(short.MinValue, short.MinValue));
    }

    [Theory]
    [InlineData(5, 1, 3)]    // 2.5 -> 3
    [InlineData(-5, 1, -3)]  // -2.5 -> -3
    [InlineData(7, 2, 2)]    // 1.75 -> 2
    [InlineData(6, 2, 2)]    // 1.5 -> 2
    [InlineData(-6, 2, -2)]  // -1.5 -> -2
    [InlineData(-7, 2, -2)]  // -1.75 -> -2
    [InlineData(-5, 2, -1)]  // -1.25 -> -1
    [InlineData(123, 0, 123)]
    [InlineData(int.MinValue, 31, -1)]
    [InlineData(int.MaxValue, 31, 1)]
    public void RoundingDivideByPOT_HandWorked(int x, int exponent, int expected) =>
        Assert.Equal(expected, Gemmlowp.RoundingDivideByPOT(x, exponent));

    [Fact]
    public void RoundingDivideByPOT_EqualsExactRounding()
    {
        var random = new Random(99);
        for (int i = 0; i < 20000; i++)
        {
            int x = random.Next(int.MinValue, int.MaxValue);
            int exponent = random.Next(0, 32);
            Assert.Equal((int)RoundHalfAwayFromZero(x, exponent), Gemmlowp.RoundingDivideByPOT(x, exponent));
            short s = (short)x;
            int e16 = exponent % 16;
            Assert.Equal((short)RoundHalfAwayFromZero(s, e16), Gemmlowp.RoundingDivideByPOT(s, e16));
        }
    }

    [Theory]
    [InlineData(3, 2, 12)]
    [InlineData(-3, 2, -12)]
    [InlineData(1 << 28, 3, int.MaxValue)]       // 2^31 does not fit: saturate
    [InlineData(-(1 << 28), 3, int.MinValue)]
    [InlineData((1 << 28) - 1, 2, ((1 << 28) - 1) * 4)]
    [InlineData(10, -2, 3)]                      // 2.5 -> 3
    [InlineData(-10, -2, -3)]
    public void SaturatingRoundingMultiplyByPOT_HandWorked(int x, int exponent, int expected) =>
        Assert.Equal(expected, Gemmlowp.SaturatingRoundingMultiplyByPOT(x, exponent));

    [Theory]
    [InlineData(1, 2, 2)]     // 1.5 -> 2
    [InlineData(-1, -2, -2)]  // -1.5 -> -2
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(int.MinValue, int.MinValue, int.MinValue)]
    [InlineData(0, -1, -1)]   // -0.5 -> -1
    public void RoundingHalfSum_HandWorked(int a, int b, int expected) =>
        Assert.Equal(expected, Gemmlowp.RoundingHalfSum(a, b));

    [Fact]
    public void SaturatingAdd_SaturatesForSixteenBitsAndWrapsNothingElse()
    {
        Assert.Equal(short.MaxValue, Gemmlowp.SaturatingAdd((short)30000, (short)10000));
        Assert.Equal(short.MinValue, Gemmlowp.SaturatingSub((short)-30000, (short)10000));
        Assert.Equal(int.MaxValue, Gemmlowp.SaturatingAdd(int.MaxValue, 1));
        // gemmlowp saturates only 16-bit raw values in AddSaturatingIf16Bit; 32-bit ones wrap.
        Assert.Equal(short.MaxValue, Gemmlowp.AddSaturatingIf16Bit((short)30000, (short)10000));
        Assert.Equal(int.MinValue, Gemmlowp.AddSaturatingIf16Bit(int.MaxValue, 1));
    }

    [Theory]
    [InlineData(0, 31)]
    [InlineData(1, 30)]
    [InlineData(-1, 31)]
    [InlineData(-2, 30)]
    [InlineData(int.MaxValue, 0)]
    [InlineData(int.MinValue, 0)]
    [InlineData(1 << 20, 10)]
    public void CountLeadingSignBits_MatchesDefinition(int value, int expected) =>
        Assert.Equal(expected, Gemmlowp.CountLeadingSignBits(value));
}
