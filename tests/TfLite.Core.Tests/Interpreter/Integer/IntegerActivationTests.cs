using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.FixedPoint;
using TfLite.Core.Interpreter.Reference.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>Quantized activations, pooling, softmax and reductions against the real-valued functions and hand values.</summary>
public class IntegerActivationTests
{
    private static readonly sbyte[] AllInt8 = Enumerable.Range(-128, 256).Select(v => (sbyte)v).ToArray();

    [Fact]
    public void Logistic_Int8_IsWithinOneStepOfTheRealFunction()
    {
        const float scale = 0.1f;
        var p = Int8SigmoidParams.Create(scale, 4);
        // 0.1 * 2^27 = 0.8 * 2^24: shift 24, radius (2^4 - 1) * 2^3 = 120.
        Assert.Equal(24, p.InputLeftShift);
        Assert.Equal(120, p.InputRangeRadius);
        var output = new sbyte[256];
        IntegerSigmoidFamily.Logistic(p, AllInt8, output);
        for (int i = 0; i < 256; i++)
        {
            double real = 1 / (1 + Math.Exp(-scale * (AllInt8[i] - 4)));
            Assert.InRange(output[i] - Math.Clamp(Math.Round(real * 256) - 128, -128, 127), -1, 1);
        }
    }

    [Fact]
    public void Tanh_Int8_IsWithinOneStepOfTheRealFunction()
    {
        const float scale = 0.05f;
        var p = Int8SigmoidParams.Create(scale, -3);
        var output = new sbyte[256];
        IntegerSigmoidFamily.Tanh(p, AllInt8, output);
        for (int i = 0; i < 256; i++)
        {
            double real = Math.Tanh(scale * (AllInt8[i] + 3));
            Assert.InRange(output[i] - Math.Clamp(Math.Round(real * 128), -128, 127), -1, 1);
        }
    }

    [Theory]
    [InlineData(1f / 4096)]  // power of two: the factor-3 path
    [InlineData(0.0003f)]    // general scale: integer multiplier and shift
    public void LogisticAndTanh_Int16_TrackTheRealFunctions(float scale)
    {
        var logistic = Int16SigmoidParams.ForLogistic(scale);
        var tanh = Int16SigmoidParams.ForTanh(scale);
        Assert.Equal(scale == 1f / 4096, logistic.InputMultiplier == 0);
        var input = Enumerable.Range(0, 65536 / 7).Select(i => (short)(short.MinValue + i * 7)).ToArray();
        var y = new short[input.Length];
        var t = new short[input.Length];
        IntegerSigmoidFamily.Logistic(logistic, input, y);
        IntegerSigmoidFamily.Tanh(tanh, input, t);
        for (int i = 0; i < input.Length; i++)
        {
            double x = scale * input[i];
            // The table has 1/24 spacing and linear interpolation: a few units of 2^-15.
            Assert.InRange(y[i] / 32768.0 - 1 / (1 + Math.Exp(-x)), -4e-4, 4e-4);
            Assert.InRange(t[i] / 32768.0 - Math.Tanh(x), -8e-4, 8e-4);
        }
    }

    [Fact]
    public void LeakyRelu_TracksTheRealFunction()
    {
        var p = LeakyReluParams.Create(0.1f, 5, 0.07f, -10, 0.2f);
        var output = new sbyte[256];
        QuantizedLeakyRelu.LeakyRelu<sbyte>(p, AllInt8, output);
        for (int i = 0; i < 256; i++)
        {
            double x = 0.1 * (AllInt8[i] - 5);
            double real = x >= 0 ? x : 0.2 * x;
            Assert.InRange(output[i] - Math.Clamp(Math.Round(real / 0.07) - 10, -128, 127), -1, 1);
        }
        // Hand-worked: input 15 is 1.0 -> 1 / 0.07 = 14.29 -> 14 - 10 = 4.
        QuantizedLeakyRelu.LeakyRelu<sbyte>(p, [15], output);
        Assert.Equal(4, output[0]);
    }

    [Fact]
    public void HardSwish_TracksTheRealFunction()
    {
        const float inScale = 0.05f, outScale = 0.03f;
        var p = HardSwishParams.Create(inScale, 0, outScale, -20);
        var output = new sbyte[256];
        QuantizedHardSwish.HardSwish<sbyte>(p, AllInt8, output);
        for (int i = 0; i < 256; i++)
        {
            double x = inScale * AllInt8[i];
            double real = x * Math.Clamp(x + 3, 0, 6) / 6;
            Assert.InRange(output[i] - Math.Clamp(Math.Round(real / outScale) - 20, -128, 127), -1, 1);
        }
    }

    [Fact]
    public void Relu6_RequantizesAndClamps()
    {
        // Input scale 0.1 (zp 0) to output scale 0.05 (zp -128): 6.0 is 120 steps above -128.
        var p = ReluParams.Create(0.1f, 0, 0.05f, -128, 0f, 6f, -128, 127);
        Assert.Equal((-128, -8), (p.ActivationMin, p.ActivationMax));
        var output = new sbyte[4];
        QuantizedRelu.ReluX<sbyte>(p, [-10, 10, 50, 100], output);
        Assert.Equal(new sbyte[] { -128, -108, -28, -8 }, output);
    }

    [Fact]
    public void Prelu_BroadcastsAlphaPerChannel()
    {
        var p = PreluParams.Create(0.1f, 0, 0.01f, 0, 0.1f, 0);
        var output = new sbyte[4];
        // Channel alphas 0.5 and 0.25: -20 -> -10, -20 -> -5; positives pass through.
        QuantizedPrelu.Prelu<sbyte>(p, [2, 2], [-20, -20, 7, 9], [2], [50, 25], [2, 2], output);
        Assert.Equal(new sbyte[] { -10, -5, 7, 9 }, output);
    }

    [Fact]
    public void AveragePool_RoundsHalfAwayFromZero_MaxPoolTakesTheMaximum()
    {
        var p = new QuantizedPoolParams(2, 2, 2, 2, 0, 0, -128, 127);
        var shape = new Dims4(1, 2, 4, 1);
        sbyte[] input = [1, 2, -1, -2, 2, 1, -2, -1];
        var output = new sbyte[2];
        // (1 + 2 + 2 + 1) / 4 = 1.5 -> 2; (-1 - 2 - 2 - 1) / 4 = -1.5 -> -2.
        Assert.True(IntegerPooling.AveragePool<sbyte>(p, shape, input, new Dims4(1, 1, 2, 1), output));
        Assert.Equal(new sbyte[] { 2, -2 }, output);
        IntegerPooling.MaxPool<sbyte>(p, shape, input, new Dims4(1, 1, 2, 1), output);
        Assert.Equal(new sbyte[] { 2, -1 }, output);
        // A window entirely in the padding has nothing to average.
        var padded = new QuantizedPoolParams(1, 1, 1, 1, 1, 1, -128, 127);
        Assert.False(IntegerPooling.AveragePool<sbyte>(padded, shape, input, new Dims4(1, 1, 1, 1), new sbyte[1]));
    }

    [Fact]
    public void Softmax_Int8_TracksTheRealSoftmax()
    {
        var random = new Random(6);
        const float scale = 0.08f;
        var p = QuantizedSoftmaxParams.Create(1.0, scale);
        var input = IntegerConvolutionTests.RandomInt8(random, 4 * 10);
        var output = new sbyte[40];
        IntegerSoftmax.Softmax<sbyte, sbyte>(p, 10, input, output);
        var output16 = new short[40];
        IntegerSoftmax.Softmax<sbyte, short>(p, 10, input, output16);
        for (int row = 0; row < 4; row++)
        {
            var x = input.Skip(row * 10).Take(10).Select(v => scale * (double)v).ToArray();
            double max = x.Max(), sum = x.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < 10; c++)
            {
                double real = Math.Exp(x[c] - max) / sum;
                Assert.InRange(output[row * 10 + c] - Math.Clamp(Math.Round(real * 256) - 128, -128, 127), -1, 1);
                Assert.InRange(output16[row * 10 + c] - Math.Clamp(Math.Round(real * 65536) - 32768, -32768, 32767), -8, 8);
            }
        }
    }

    [Fact]
    public void Softmax_Int16_TracksTheRealSoftmax()
    {
        var random = new Random(9);
        const float scale = 0.0005f;
        var p = QuantizedSoftmaxInt16Params.Create(1.0, scale);
        var input = Enumerable.Range(0, 24).Select(_ => (short)random.Next(-12000, 12000)).ToArray();
        var output = new short[24];
        IntegerSoftmax.SoftmaxInt16(p, 8, input, output);
        for (int row = 0; row < 3; row++)
        {
            var x = input.Skip(row * 8).Take(8).Select(v => scale * (double)v).ToArray();
            double max = x.Max(), sum = x.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < 8; c++)
                Assert.InRange(output[row * 8 + c] / 32768.0 - Math.Exp(x[c] - max) / sum, -2e-3, 2e-3);
        }
    }

    [Fact]
    public void Mean_ThreeTFLiteVariants_HandWorked()
    {
        // 1 x 2 x 2 x 1 input [3, 4, 6, -2] with zero point 1.
        sbyte[] input = [3, 4, 6, -2];
        var output = new sbyte[1];
        // Over H and W: sum of (x - 1) = 7, times 0.5 (scale ratio) = 3.5 -> 4 (double rounding), / 4 = 1 + zp 2 = 3.
        QuantizedReduce.MeanOverHeightWidth<sbyte>(new QuantizedMultiplier(1 << 30, 0), 1, 2, RoundingMode.Double,
            new Dims4(1, 2, 2, 1), input, output);
        Assert.Equal(3, output[0]);
        // Same scale: the sum 11 divided by 4 truncates to 2.
        QuantizedReduce.MeanSameScale<sbyte>([1, 2, 2, 1], input, [1, 2], output);
        Assert.Equal(2, output[0]);
        // General: (11 - 1 * 4) with the multiplier 0.5 / 4: 7 / 8 = 0.875 -> 1, + 2 = 3.
        QuantizedReduce.MeanOrSum<sbyte>(new QuantizedMultiplier(1 << 30, 0), 1, 2, RoundingMode.Double, false,
            [1, 2, 2, 1], input, [1, 2], output);
        Assert.Equal(3, output[0]);
        // Sum: 7 * 0.5 = 3.5 -> 4 (+2).
        QuantizedReduce.MeanOrSum<sbyte>(new QuantizedMultiplier(1 << 30, 0), 1, 2, RoundingMode.Double, true,
            [1, 2, 2, 1], input, [-3, 2], output);
        Assert.Equal(6, output[0]);
    }

    [Fact]
    public void MeanSameScale_ReducesAnyAxes()
    {
        // [2, 3] reduced over axis 1: rows [1, 2, 4] and [-1, -2, -4] -> 7/3 = 2, -7/3 = -2 (truncation).
        var output = new sbyte[2];
        QuantizedReduce.MeanSameScale<sbyte>([2, 3], [1, 2, 4, -1, -2, -4], [-1], output);
        Assert.Equal(new sbyte[] { 2, -2 }, output);
        Assert.Throws<ArgumentException>(() => QuantizedReduce.ResolveAxes([2], 2));
    }

    // Reference values from C's erf (Python's math.erf), on both sides of the switch between series and fraction;
    // the series loses a few units of 1e-15 to cancellation near 2.5, far below what a float result can show.
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.4999, 0.9995928300996666)]
    [InlineData(2.5, 0.999593047982555)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.5, -0.9661051464753108)]
    [InlineData(7.0, 1.0)]
    public void Erf_MatchesPublishedValues(double x, double expected) =>
        Assert.Equal(expected, ActivationTables.Erf(x), 13);
}
