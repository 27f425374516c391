using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.FixedPoint;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

public class QuantizationUtilTests
{
    [Theory]
    [InlineData(0.25f, true, -2)]
    [InlineData(1f / 32768, true, -15)]
    [InlineData(8f, true, 3)]
    [InlineData(0.3f, false, -2)]
    [InlineData(0.00030518f, false, -12)] // 2^-11.678: not a power of two
    public void CheckedLog2_RecognisesPowersOfTwo(float x, bool isPowerOfTwo, int log2)
    {
        Assert.Equal(isPowerOfTwo, QuantizationUtil.CheckedLog2(x, out int actual));
        Assert.Equal(log2, actual);
    }

    [Theory]
    // Logistic int8 with input scale 0.1: 0.1 * 2^27 = 0.8 * 2^24, so the left shift is 24 and the radius is
    // (2^4 - 1) * 2^27 / 2^24 = 120.
    [InlineData(4, 24, 31, 120)]
    // (2^5 - 1) * 2^26 / 2^20 = 1984.
    [InlineData(5, 20, 31, 1984)]
    // 15-bit variant: (2^4 - 1) * 2^11 / 2^3 = 3840.
    [InlineData(4, 3, 15, 3840)]
    public void CalculateInputRadius_HandWorked(int integerBits, int leftShift, int totalBits, int expected) =>
        Assert.Equal(expected, QuantizationUtil.CalculateInputRadius(integerBits, leftShift, totalBits));

    [Fact]
    public void PreprocessSoftmaxScaling_FoldsBetaAndCapsTheMultiplier()
    {
        // beta 1, scale 1/16, 5 integer bits: 2^-4 * 2^26 = 2^22 = 0.5 * 2^23.
        Assert.Equal(new QuantizedMultiplier(1 << 30, 23), QuantizationUtil.PreprocessSoftmaxScaling(1, 1.0 / 16, 5));
        // A huge scale is capped at 2^31 - 1 (double) or 2^30 - 1 (single rounding).
        Assert.Equal(QuantizedMultiplier.Quantize((1L << 31) - 1.0), QuantizationUtil.PreprocessSoftmaxScaling(1, 1e6, 5));
        Assert.Equal(QuantizedMultiplier.Quantize((1L << 30) - 1.0, RoundingMode.Single),
            QuantizationUtil.PreprocessSoftmaxScaling(1, 1e6, 5, RoundingMode.Single));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(123456789)]
    [InlineData(1 << 29)]
    [InlineData(int.MaxValue)]
    public void GetInvSqrtQuantizedMultiplierExp_IsOneOverSquareRoot(int input)
    {
        var q = QuantizationUtil.GetInvSqrtQuantizedMultiplierExp(input, -1);
        Assert.True(q.Shift <= 0);
        double actual = q.Multiplier / 2147483648.0 * Math.ScaleB(1, q.Shift);
        // Five Newton steps in Q3 arithmetic: about 1e-6 relative.
        Assert.Equal(1 / Math.Sqrt(input), actual, 1 / Math.Sqrt(input) * 5e-6);
    }

    [Fact]
    public void GetInvSqrtQuantizedMultiplierExp_TreatsZeroAndOneAsOne()
    {
        Assert.Equal(new QuantizedMultiplier(int.MaxValue, 0), QuantizationUtil.GetInvSqrtQuantizedMultiplierExp(0, -1));
        Assert.Equal(new QuantizedMultiplier(int.MaxValue, 0), QuantizationUtil.GetInvSqrtQuantizedMultiplierExp(1, -1));
    }

    [Theory]
    // int8 with scale 0.05 and zero point -128: 0 -> -128, 6 -> -128 + 120 = -8, -1 -> -148 (clamped), 1 -> -108.
    [InlineData(ActivationFunction.None, -128, 127)]
    [InlineData(ActivationFunction.Relu, -128, 127)]
    [InlineData(ActivationFunction.Relu6, -128, -8)]
    [InlineData(ActivationFunction.ReluN1To1, -128, -108)]
    public void CalculateActivationRangeQuantized_HandWorked(ActivationFunction activation, int min, int max) =>
        Assert.Equal((min, max), QuantizationUtil.CalculateActivationRangeQuantized(activation, 0.05f, -128, -128, 127));

    [Fact]
    public void CalculateActivationRangeQuantized_ReluFromAPositiveZeroPoint() =>
        // zero point 10: relu's lower bound is 10.
        Assert.Equal((10, 127), QuantizationUtil.CalculateActivationRangeQuantized(ActivationFunction.Relu, 0.1f, 10, -128, 127));
}
