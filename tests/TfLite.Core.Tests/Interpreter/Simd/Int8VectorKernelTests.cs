using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>
/// The vectorized int8 convolution-family plans against the scalar reference kernels (the truth), bit for bit, at
/// every vector width and thread count: random data with the extremes -128 and 127 forced in, odd channel counts for
/// the vector tails, padding, strides and dilation, extreme input zero points and both roundings.
/// </summary>
public class Int8VectorKernelTests
{
    private static readonly VectorWidth[] Widths = [VectorWidth.V256, VectorWidth.V128, VectorWidth.Scalar];

    /// <summary>The output stage also has a Vector512 block (taken where AVX-512 is present).</summary>
    private static readonly VectorWidth[] RequantizerWidths = [VectorWidth.V512, .. Widths];

    public static TheoryData<int, int, int, int, int, int, int> ConvCases => new()
    {
        // kernel, stride, dilation, pad, input channels, output channels, input zero point
        { 1, 1, 1, 0, 8, 16, -128 },
        { 1, 1, 1, 0, 33, 7, 127 },
        { 3, 1, 1, 1, 1, 8, 0 },
        { 3, 2, 1, 1, 3, 17, -5 },
        { 3, 2, 1, 0, 16, 32, 12 },
        { 3, 2, 1, 1, 2, 6, 100 },
        { 2, 1, 2, 2, 5, 3, -128 },
        { 5, 1, 1, 2, 19, 4, 127 },
        // shallow filters (depth <= 64): output channels in vector lanes, four pixels at a time
        { 3, 2, 1, 1, 3, 8, -128 },
        { 3, 2, 1, 0, 3, 16, 127 },
        { 3, 2, 1, 1, 3, 5, 7 },
        { 3, 1, 1, 1, 3, 8, 0 },
        { 3, 2, 1, 0, 3, 11, -1 },
        { 1, 2, 1, 0, 3, 24, 33 },
        { 3, 1, 1, 1, 7, 9, -128 },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv_EqualsReference(int kernel, int stride, int dilation, int pad, int inC, int outC, int inputZeroPoint)
    {
        var random = new Random(kernel * 1000 + inC * 31 + outC);
        var inShape = new Dims4(2, 9, 7, inC);
        var filterShape = new Dims4(outC, kernel, kernel, inC);
        var outShape = new Dims4(2, OutSize(9, kernel, stride, dilation, pad), OutSize(7, kernel, stride, dilation, pad), outC);
        var input = RandomInt8(random, inShape.FlatSize);
        var filter = RandomInt8(random, filterShape.FlatSize);
        var bias = RandomBias(random, outC);
        var p = new QuantizedConvParams(stride, stride, dilation, dilation, pad, pad, -inputZeroPoint);
        foreach (var rounding in StageRoundings)
        {
            var stage = RandomStage(random, outC, rounding);
            var expected = new sbyte[outShape.FlatSize];
            IntegerConv.Conv(p, stage, inShape, input, filterShape, filter, bias, outShape, expected);
            foreach (var width in Widths)
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var plan = Int8Convolution.TryCreate(p, stage, inShape, filterShape, filter, bias, outShape, threads, width);
                Assert.NotNull(plan);
                var actual = new byte[outShape.FlatSize];
                plan.Run(AsBytes(input), actual);
                AssertEqual(expected, actual, $"{width}, {threads} threads, {rounding}");
            }
        }
    }

    /// <summary>Depthwise shapes beyond the convolution cases: eight channels (one Vector256 of int32), sixteen plus
    /// eight, a depth multiplier above sixteen (the plain copy after the 16-byte broadcasts), stride 2 with padding on
    /// one side only, dilation, and windows larger than the image.</summary>
    public static TheoryData<int, int, int, int, int, int, int> DepthwiseCases
    {
        get
        {
            var cases = ConvCases;
            cases.Add(3, 1, 1, 1, 8, 8, -128);
            cases.Add(3, 2, 1, 1, 8, 8, 127);
            cases.Add(3, 2, 1, 0, 24, 24, 3);
            cases.Add(3, 1, 2, 2, 40, 40, -7);
            cases.Add(3, 2, 1, 1, 1, 20, 60);
            cases.Add(3, 1, 1, 1, 2, 34, -100);
            cases.Add(9, 1, 1, 4, 9, 9, 1);
            cases.Add(2, 2, 1, 1, 25, 25, -128);
            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(DepthwiseCases))]
    public void DepthwiseConv_EqualsReference(int kernel, int stride, int dilation, int pad, int inC, int outC, int inputZeroPoint)
    {
        // Depth multiplier 1 over inC channels, and a multiplier when outC is a multiple of inC (inC 1 -> 8 as in
        // person_detect's first layer).
        int multiplier = outC % inC == 0 ? outC / inC : 1, channels = inC * multiplier;
        var random = new Random(kernel * 977 + channels + stride * 13 + pad);
        var inShape = new Dims4(2, 9, 7, inC);
        var filterShape = new Dims4(1, kernel, kernel, channels);
        var outShape = new Dims4(2, OutSize(9, kernel, stride, dilation, pad), OutSize(7, kernel, stride, dilation, pad), channels);
        var input = RandomInt8(random, inShape.FlatSize);
        var filter = RandomInt8(random, filterShape.FlatSize);
        var bias = RandomBias(random, channels);
        var p = new QuantizedConvParams(stride, stride, dilation, dilation, pad, pad, -inputZeroPoint);
        foreach (var rounding in StageRoundings)
        {
            var stage = RandomStage(random, channels, rounding);
            var expected = new sbyte[outShape.FlatSize];
            IntegerDepthwiseConv.DepthwiseConv(p, multiplier, stage, inShape, input, filterShape, filter, bias, outShape, expected);
            foreach (var width in Widths)
            foreach (int threads in new[] { 1, 3 })
            {
                var plan = Int8DepthwiseConvolution.TryCreate(p, multiplier, stage, inShape, filterShape, filter, bias, outShape, threads, width);
                Assert.NotNull(plan);
                var actual = new byte[outShape.FlatSize];
                plan.Run(AsBytes(input), actual);
                AssertEqual(expected, actual, $"{width}, {threads} threads, {rounding}");
            }
        }
    }

    [Theory]
    [InlineData(8, 8, 5)]
    [InlineData(16, 16, 3)]
    [InlineData(5, 8, 4)]
    [InlineData(19, 24, 2)]
    [InlineData(3, 3, 1)]
    [InlineData(8, 8, 7)]
    [InlineData(24, 24, 5)]
    [InlineData(5, 5, 19)]
    [InlineData(32, 32, 3)]
    [InlineData(17, 17, 4)]
    [InlineData(300, 300, 2)]
    public void Requantizer_ManyPixels_EqualsOutputStage(int channels, int stride, int pixels)
    {
        var random = new Random(channels * 7 + pixels);
        var accumulators = Enumerable.Range(0, stride * pixels)
            .Select(i => (i % 5) switch { 0 => int.MinValue + random.Next(100), 1 => int.MaxValue - random.Next(100), _ => random.Next(-300000, 300000) })
            .ToArray();
        var bias = RandomBias(random, channels);
        foreach (var rounding in StageRoundings)
        {
            var stage = RandomStage(random, channels, rounding);
            // The output stage applied as the reference kernels do: one accumulator plus its bias at a time.
            var expected = new sbyte[pixels * channels];
            for (int px = 0; px < pixels; px++)
            for (int c = 0; c < channels; c++)
                expected[px * channels + c] = (sbyte)stage.Apply(unchecked(accumulators[px * stride + c] + bias[c]), c);
            foreach (var width in RequantizerWidths)
            {
                var actual = new sbyte[pixels * channels];
                new Int8Requantizer(stage, channels, bias, width).Apply(accumulators, stride, actual, pixels);
                AssertEqual(expected, System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan()).ToArray(), $"{width}, {rounding}");
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1, 0)]
    [InlineData(3, 15, 17, -128)]
    [InlineData(2, 64, 10, 127)]
    [InlineData(1, 250, 33, 3)]
    public void FullyConnected_EqualsReference(int batches, int depth, int units, int inputZeroPoint)
    {
        var random = new Random(batches * 7 + depth * 13 + units);
        var input = RandomInt8(random, batches * depth);
        var weights = RandomInt8(random, units * depth);
        var bias = RandomBias(random, units);
        foreach (var rounding in StageRoundings)
        foreach (bool perChannel in new[] { false, true })
        {
            var stage = RandomStage(random, perChannel ? units : 1, rounding);
            var expected = new sbyte[batches * units];
            IntegerFullyConnected.FullyConnected(-inputZeroPoint, 0, stage, batches, depth, units, input, weights, bias, expected);
            foreach (var width in Widths)
            {
                var plan = Int8FullyConnected.TryCreate(-inputZeroPoint, 0, stage, batches, depth, units, weights, bias, width);
                Assert.NotNull(plan);
                var actual = new sbyte[batches * units];
                plan.Run(input, actual);
                AssertEqual(expected, System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan()).ToArray(), $"{width}, {rounding}");
            }
        }
    }

    [Theory]
    [InlineData(2, 2, 0, 16, -128, 127)]
    [InlineData(3, 2, 1, 37, -128, 127)]
    [InlineData(3, 1, 1, 17, -20, 60)]
    [InlineData(5, 3, 2, 3, -128, 127)]
    [InlineData(16, 16, 0, 32, -128, 127)]
    public void AveragePool_EqualsReference(int filter, int stride, int pad, int channels, int activationMin, int activationMax)
    {
        var random = new Random(filter * 41 + channels);
        var inShape = new Dims4(2, 16, 17, channels);
        var outShape = new Dims4(2, (16 + 2 * pad - filter) / stride + 1, (17 + 2 * pad - filter) / stride + 1, channels);
        var input = RandomInt8(random, inShape.FlatSize);
        // All -128 and all 127 windows reach the extremes of the sums and the rounding.
        input.AsSpan(0, channels * 40).Fill(-128);
        input.AsSpan(input.Length - channels * 40).Fill(127);
        var p = new QuantizedPoolParams(stride, stride, filter, filter, pad, pad, activationMin, activationMax);
        var expected = new sbyte[outShape.FlatSize];
        Assert.True(IntegerPooling.AveragePool(p, inShape, input, outShape, expected));
        var actual = new sbyte[outShape.FlatSize];
        Assert.True(Int8AveragePool.Run(p, inShape, input, outShape, actual));
        AssertEqual(expected, System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan()).ToArray(), "average pool");
    }

    [Fact]
    public void AveragePool_ReportsAnEmptyWindowAsTheReferenceDoes()
    {
        // A 1x1 window with padding 1 lies entirely in the padding at the first output.
        var p = new QuantizedPoolParams(1, 1, 1, 1, 1, 1, -128, 127);
        var shape = new Dims4(1, 2, 2, 16);
        Assert.False(Int8AveragePool.Run(p, shape, new sbyte[shape.FlatSize], new Dims4(1, 4, 4, 16), new sbyte[256]));
        Assert.False(Int8AveragePool.Covers(new QuantizedPoolParams(1, 1, 17, 16, 0, 0, -128, 127), VectorWidth.V256));
    }

    [Fact]
    public void Plans_DeclineWhatTheyDoNotCover()
    {
        var stage = new OutputStage([1 << 30], [-8], 0, -128, 127, RoundingMode.Double);
        var grouped = new Dims4(4, 1, 1, 2);
        var p = new QuantizedConvParams(1, 1, 1, 1, 0, 0, 0);
        Assert.Null(Int8Convolution.TryCreate(p, stage, new Dims4(1, 2, 2, 4), grouped, new sbyte[8], [], new Dims4(1, 2, 2, 4), 1, VectorWidth.V256));
        Assert.Null(Int8DepthwiseConvolution.TryCreate(p, 2, stage, new Dims4(1, 2, 2, 2), new Dims4(1, 1, 1, 3), new sbyte[3], [], new Dims4(1, 2, 2, 3), 1, VectorWidth.V256));
        Assert.Null(Int8FullyConnected.TryCreate(0, 1, stage, 1, 2, 2, new sbyte[4], [], VectorWidth.V256));
    }

    /// <summary>Both fixed-point roundings and XNNPACK's float32 requantization.</summary>
    private static readonly RoundingMode[] StageRoundings = [RoundingMode.Double, RoundingMode.Single, RoundingMode.Xnnpack];

    private static int OutSize(int input, int kernel, int stride, int dilation, int pad) =>
        (input + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;

    private static byte[] AsBytes(sbyte[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static void AssertEqual(sbyte[] expected, byte[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == (sbyte)actual[i], $"{what}: element {i} is {(sbyte)actual[i]}, reference {expected[i]}");
    }

    /// <summary>Uniform int8 with runs of -128 and 127, so products and sums reach their extremes.</summary>
    private static sbyte[] RandomInt8(Random random, int count)
    {
        var values = new sbyte[count];
        for (int i = 0; i < count; i++)
            values[i] = (i % 11) switch { 3 => -128, 7 => 127, _ => (sbyte)random.Next(-128, 128) };
        return values;
    }

    private static int[] RandomBias(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => i == 0 ? int.MaxValue - 5 : random.Next(-40000, 40000)).ToArray();

    /// <summary>Per-channel stages with multipliers like real models' (scales around 2^-8 .. 2^-12); for
    /// <see cref="RoundingMode.Xnnpack"/> XNNPACK's float32 stage from random per-channel filter scales.</summary>
    private static OutputStage RandomStage(Random random, int channels, RoundingMode rounding)
    {
        int outputOffset = random.Next(-20, 20), activationMax = random.Next(2) == 0 ? 127 : 90;
        if (rounding == RoundingMode.Xnnpack)
        {
            var filterScales = Enumerable.Range(0, channels).Select(_ => (float)(0.001 + random.NextDouble() * 0.02)).ToArray();
            return OutputStage.ForFloatConvolution(0.02f, filterScales, 0.5f + (float)random.NextDouble() * 4, channels,
                outputOffset, -128, activationMax);
        }
        var multipliers = Enumerable.Range(0, channels).Select(_ => random.Next(1 << 30, int.MaxValue)).ToArray();
        var shifts = Enumerable.Range(0, channels).Select(_ => -random.Next(6, 13)).ToArray();
        return new OutputStage(multipliers, shifts, outputOffset, -128, activationMax, rounding);
    }
}
