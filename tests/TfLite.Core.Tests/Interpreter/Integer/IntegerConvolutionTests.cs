using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.FixedPoint;
using TfLite.Core.Interpreter.Reference.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>
/// The convolution-family kernels against naive loops written here: the accumulators are plain integer sums over
/// explicitly enumerated taps (a gather for transpose convolution, where the kernel scatters), and the last step
/// reuses the separately tested requantization.
/// </summary>
public class IntegerConvolutionTests
{
    public static TheoryData<int, int, int, int, int, int> ConvCases => new()
    {
        // stride, dilation, pad, groups, input channels, output channels
        { 1, 1, 0, 1, 3, 4 },
        { 2, 1, 1, 1, 2, 5 },
        { 1, 2, 2, 1, 3, 2 },
        { 2, 1, 1, 2, 4, 6 },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv_Int8_MatchesNaiveLoops(int stride, int dilation, int pad, int groups, int inC, int outC)
    {
        var random = new Random(stride * 100 + dilation * 10 + pad + groups);
        var inShape = new Dims4(2, 7, 6, inC);
        var filterShape = new Dims4(outC, 3, 2, inC / groups);
        int outH = (7 + 2 * pad - dilation * 2 - 1) / stride + 1, outW = (6 + 2 * pad - dilation - 1) / stride + 1;
        var outShape = new Dims4(2, outH, outW, outC);
        var input = RandomInt8(random, inShape.FlatSize);
        var filter = RandomInt8(random, filterShape.FlatSize);
        var bias = Enumerable.Range(0, outC).Select(_ => random.Next(-5000, 5000)).ToArray();
        var (multipliers, shifts) = RandomMultipliers(random, outC);
        var stage = new OutputStage(multipliers, shifts, -3, -128, 100, RoundingMode.Double);
        var p = new QuantizedConvParams(stride, stride, dilation, dilation, pad, pad, InputOffset: 7);
        var output = new sbyte[outShape.FlatSize];
        IntegerConv.Conv(p, stage, inShape, input, filterShape, filter, bias, outShape, output);

        int perGroup = outC / groups;
        for (int b = 0; b < 2; b++)
        for (int y = 0; y < outH; y++)
        for (int x = 0; x < outW; x++)
        for (int oc = 0; oc < outC; oc++)
        {
            long acc = bias[oc];
            for (int fy = 0; fy < 3; fy++)
            for (int fx = 0; fx < 2; fx++)
            {
                int iy = y * stride - pad + dilation * fy, ix = x * stride - pad + dilation * fx;
                if (iy < 0 || iy >= 7 || ix < 0 || ix >= 6) continue;
                for (int ic = 0; ic < inC / groups; ic++)
                    acc += (long)filter[filterShape.Offset(oc, fy, fx, ic)] *
                           (input[inShape.Offset(b, iy, ix, oc / perGroup * (inC / groups) + ic)] + 7);
            }
            int expected = Math.Clamp(Requantize.MultiplyByQuantizedMultiplier((int)acc, multipliers[oc], shifts[oc], RoundingMode.Double) - 3, -128, 100);
            Assert.Equal(expected, output[outShape.Offset(b, y, x, oc)]);
        }
    }

    [Fact]
    public void Conv_Int16x8_UsesTheSixtyFourBitPath()
    {
        var random = new Random(3);
        var inShape = new Dims4(1, 5, 5, 3);
        var filterShape = new Dims4(2, 3, 3, 3);
        var outShape = new Dims4(1, 5, 5, 2);
        var input = Enumerable.Range(0, inShape.FlatSize).Select(_ => (short)random.Next(short.MinValue, short.MaxValue)).ToArray();
        var filter = RandomInt8(random, filterShape.FlatSize);
        var bias = new long[] { 1L << 33, -(1L << 32) };
        var stage = new OutputStage([1 << 30, 1500000000], [-9, -10], 0, short.MinValue, short.MaxValue, RoundingMode.Double);
        var output = new short[outShape.FlatSize];
        IntegerConv.Conv(new QuantizedConvParams(1, 1, 1, 1, 1, 1, 0), stage, inShape, input, filterShape, filter, bias, outShape, output);

        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 5; x++)
        for (int oc = 0; oc < 2; oc++)
        {
            long acc = bias[oc];
            for (int fy = 0; fy < 3; fy++)
            for (int fx = 0; fx < 3; fx++)
            {
                int iy = y - 1 + fy, ix = x - 1 + fx;
                if (iy < 0 || iy >= 5 || ix < 0 || ix >= 5) continue;
                for (int ic = 0; ic < 3; ic++) acc += filter[filterShape.Offset(oc, fy, fx, ic)] * input[inShape.Offset(0, iy, ix, ic)];
            }
            int m = oc == 0 ? 1 << 30 : 1500000000, s = oc == 0 ? -9 : -10;
            Assert.Equal(Math.Clamp(Requantize.MultiplyByQuantizedMultiplier(acc, m, s), short.MinValue, short.MaxValue),
                output[outShape.Offset(0, y, x, oc)]);
        }
    }

    [Fact]
    public void DepthwiseConv_Int8_MatchesNaiveLoops()
    {
        var random = new Random(8);
        const int inC = 3, multiplier = 2, outC = inC * multiplier;
        var inShape = new Dims4(1, 6, 5, inC);
        var filterShape = new Dims4(1, 3, 3, outC);
        var outShape = new Dims4(1, 3, 3, outC);
        var input = RandomInt8(random, inShape.FlatSize);
        var filter = RandomInt8(random, filterShape.FlatSize);
        var bias = Enumerable.Range(0, outC).Select(_ => random.Next(-3000, 3000)).ToArray();
        var (multipliers, shifts) = RandomMultipliers(random, outC);
        var stage = new OutputStage(multipliers, shifts, 5, -128, 127, RoundingMode.Single);
        var output = new sbyte[outShape.FlatSize];
        IntegerDepthwiseConv.DepthwiseConv(new QuantizedConvParams(2, 2, 1, 1, 1, 1, -2), multiplier, stage, inShape, input,
            filterShape, filter, bias, outShape, output);

        for (int y = 0; y < 3; y++)
        for (int x = 0; x < 3; x++)
        for (int oc = 0; oc < outC; oc++)
        {
            long acc = bias[oc];
            for (int fy = 0; fy < 3; fy++)
            for (int fx = 0; fx < 3; fx++)
            {
                int iy = y * 2 - 1 + fy, ix = x * 2 - 1 + fx;
                if (iy < 0 || iy >= 6 || ix < 0 || ix >= 5) continue;
                acc += (long)filter[filterShape.Offset(0, fy, fx, oc)] * (input[inShape.Offset(0, iy, ix, oc / multiplier)] - 2);
            }
            int expected = Math.Clamp(Requantize.MultiplyByQuantizedMultiplier((int)acc, multipliers[oc], shifts[oc], RoundingMode.Single) + 5, -128, 127);
            Assert.Equal(expected, output[outShape.Offset(0, y, x, oc)]);
        }
    }

    [Fact]
    public void FullyConnected_PerTensorAndPerChannel_MatchNaiveLoops()
    {
        var random = new Random(21);
        const int batches = 3, depth = 17, outputs = 5;
        var input = RandomInt8(random, batches * depth);
        var weights = RandomInt8(random, outputs * depth);
        var bias = Enumerable.Range(0, outputs).Select(_ => random.Next(-2000, 2000)).ToArray();
        var (multipliers, shifts) = RandomMultipliers(random, outputs);
        foreach (var stage in new[]
                 {
                     OutputStage.PerTensor(new QuantizedMultiplier(multipliers[0], shifts[0]), 10, -128, 127, RoundingMode.Double),
                     new OutputStage(multipliers, shifts, 10, -128, 127, RoundingMode.Double),
                 })
        {
            var output = new sbyte[batches * outputs];
            IntegerFullyConnected.FullyConnected(4, 0, stage, batches, depth, outputs, input, weights, bias, output);
            for (int b = 0; b < batches; b++)
            for (int o = 0; o < outputs; o++)
            {
                int acc = bias[o];
                for (int d = 0; d < depth; d++) acc += weights[o * depth + d] * (input[b * depth + d] + 4);
                int c = stage.ChannelCount == 1 ? 0 : o;
                int expected = Math.Clamp(Requantize.MultiplyByQuantizedMultiplier(acc, multipliers[c], shifts[c], RoundingMode.Double) + 10, -128, 127);
                Assert.Equal(expected, output[b * outputs + o]);
            }
        }
    }

    [Fact]
    public void FullyConnected_UInt8_AppliesTheFilterOffset()
    {
        // One output: (200 - 128) * (130 - 127) + (100 - 128) * (120 - 127) + bias 6 = 216 + 196 + 6 = 418;
        // times 0.5 -> 209, plus zero point 10 -> 219.
        byte[] input = [200, 100];
        byte[] weights = [130, 120];
        var output = new byte[1];
        var stage = OutputStage.PerTensor(new QuantizedMultiplier(1 << 30, 0), 10, 0, 255, RoundingMode.Double);
        IntegerFullyConnected.FullyConnected(-128, -127, stage, 1, 2, 1, input, weights, [6], output);
        Assert.Equal(219, output[0]);
    }

    [Fact]
    public void TransposeConv_EqualsTheGatherFormulation()
    {
        var random = new Random(13);
        var inShape = new Dims4(1, 4, 3, 2);
        var filterShape = new Dims4(3, 3, 3, 2);
        const int stride = 2, pad = 1;
        var outShape = new Dims4(1, 7, 5, 3);
        var input = RandomInt8(random, inShape.FlatSize);
        var filter = RandomInt8(random, filterShape.FlatSize);
        int[] bias = [100, -200, 300];
        var (multipliers, shifts) = RandomMultipliers(random, 3);
        var stage = new OutputStage(multipliers, shifts, 1, -128, 127, RoundingMode.Double);
        var output = new sbyte[outShape.FlatSize];
        IntegerTransposeConv.TransposeConv(new QuantizedConvParams(stride, stride, 1, 1, pad, pad, 3), stage, inShape, input,
            filterShape, filter, bias, outShape, output);

        for (int y = 0; y < 7; y++)
        for (int x = 0; x < 5; x++)
        for (int oc = 0; oc < 3; oc++)
        {
            // Output (y, x) receives input (iy, ix) through tap (y + pad - iy * stride, x + pad - ix * stride).
            int acc = bias[oc];
            for (int iy = 0; iy < 4; iy++)
            for (int ix = 0; ix < 3; ix++)
            {
                int fy = y + pad - iy * stride, fx = x + pad - ix * stride;
                if (fy < 0 || fy >= 3 || fx < 0 || fx >= 3) continue;
                for (int ic = 0; ic < 2; ic++)
                    acc += (input[inShape.Offset(0, iy, ix, ic)] + 3) * filter[filterShape.Offset(oc, fy, fx, ic)];
            }
            int expected = Math.Clamp(Requantize.MultiplyByQuantizedMultiplier(acc, multipliers[oc], shifts[oc], RoundingMode.Double) + 1, -128, 127);
            Assert.Equal(expected, output[outShape.Offset(0, y, x, oc)]);
        }
    }

    [Fact]
    public void Conv_RejectsBuffersThatDoNotFitTheirShapes()
    {
        var stage = OutputStage.PerTensor(new QuantizedMultiplier(1 << 30, 0), 0, -128, 127, RoundingMode.Double);
        Assert.Throws<ArgumentException>(() => IntegerConv.Conv(new QuantizedConvParams(1, 1, 1, 1, 0, 0, 0), stage,
            new Dims4(1, 2, 2, 1), new sbyte[3], new Dims4(1, 1, 1, 1), new sbyte[1], ReadOnlySpan<int>.Empty,
            new Dims4(1, 2, 2, 1), new sbyte[4]));
    }

    internal static sbyte[] RandomInt8(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();

    // Multipliers as convolutions have them: a few thousandths, quantized.
    internal static (int[] Multipliers, int[] Shifts) RandomMultipliers(Random random, int count)
    {
        var quantized = Enumerable.Range(0, count)
            .Select(_ => QuantizedMultiplier.Quantize(0.0005 + random.NextDouble() * 0.01)).ToArray();
        return (quantized.Select(q => q.Multiplier).ToArray(), quantized.Select(q => q.Shift).ToArray());
    }
}
