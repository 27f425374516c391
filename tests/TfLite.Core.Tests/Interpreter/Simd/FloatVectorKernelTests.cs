using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;
using TfLite.Core.Interpreter.Simd.Integer;
using TfLite.Core.Tests.InterpreterTests;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>
/// The vectorized float kernels against the scalar reference kernels (TFLite's reference order) at every vector
/// width (Vector512 runs in software where the hardware lacks it) and split into one or two pixel ranges as two
/// threads split them: odd channel counts for the vector tails, strides, dilation, padding, batches above one and a
/// clamp that cuts both ends. Convolutions fuse their multiply-adds, so they must lie within
/// <see cref="Expect.AccumulationTolerance"/> of the reference; pooling and axis sums must equal it bit for bit.
/// </summary>
public class FloatVectorKernelTests
{
    private static readonly VectorWidth[] Widths = [VectorWidth.V512, VectorWidth.V256, VectorWidth.V128];
    private const float ClampLow = -1.5f, ClampHigh = 2f;

    public static TheoryData<int, int, int, int, int, int, int> ConvCases => new()
    {
        // kernel, stride, dilation, pad, input channels, output channels, batches
        { 1, 1, 1, 0, 8, 16, 1 },
        { 1, 1, 1, 0, 33, 7, 2 },
        { 3, 1, 1, 1, 1, 8, 1 },
        { 3, 2, 1, 1, 3, 17, 2 },
        { 3, 2, 1, 0, 16, 32, 1 },
        { 3, 1, 1, 1, 2, 45, 3 },
        { 2, 1, 2, 2, 5, 3, 1 },
        { 5, 1, 1, 2, 19, 4, 2 },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv_IsWithinAccumulationBoundOfReference(int kernel, int stride, int dilation, int pad, int inC, int outC, int batches)
    {
        var c = MakeCase(new Random(kernel * 1000 + inC * 31 + outC), kernel, stride, dilation, pad, inC, [outC, kernel, kernel, inC], outC, batches);
        var (expected, tolerance) = ExpectedWithin(c, Conv.Float, kernel * kernel * inC + 1);
        var (p, inShape, filterShape, outShape, input, filter, bias) = c;
        foreach (var width in Widths)
        {
            var plan = FloatConvolution.TryCreate(p, inShape, filterShape, filter, bias, outShape, width);
            Assert.NotNull(plan);
            foreach (var (start, end) in Splits(plan.PixelCount(batches)))
            {
                var actual = new float[expected.Length];
                foreach (var (s, e) in new[] { (0, start), (start, end), (end, plan.PixelCount(batches)) })
                    plan.Run(input, actual, s, e, 0, plan.BlockCount);
                Expect.Within(expected, actual, tolerance);
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 15, 17)]
    [InlineData(2, 64, 10)]
    [InlineData(1, 250, 33)]
    [InlineData(5, 9, 64)]
    public void FullyConnected_IsWithinAccumulationBoundOfReference(int batches, int depth, int units)
    {
        var random = new Random(batches * 7 + depth * 13 + units);
        var input = RandomFloats(random, batches * depth);
        var weights = RandomFloats(random, units * depth);
        foreach (bool withBias in new[] { true, false })
        {
            var bias = withBias ? RandomFloats(random, units) : [];
            var expected = new float[batches * units];
            FullyConnected.Float(input, weights, bias, expected, batches, depth, units, ClampLow, ClampHigh);
            var magnitude = new float[expected.Length];
            FullyConnected.Float(Abs(input), Abs(weights), Abs(bias), magnitude, batches, depth, units, float.MinValue, float.MaxValue);
            var tolerance = Expect.AccumulationTolerance(magnitude, depth + 1);
            foreach (var width in Widths)
            {
                var plan = FloatConvolution.ForFullyConnected(batches, depth, units, weights, bias, ClampLow, ClampHigh, width);
                Assert.NotNull(plan);
                // Split by rows, and by blocks of output units as the kernel does for a batch of one.
                var byRows = new float[expected.Length];
                plan.Run(input, byRows, 0, batches / 2, 0, plan.BlockCount);
                plan.Run(input, byRows, batches / 2, batches, 0, plan.BlockCount);
                Expect.Within(expected, byRows, tolerance);
                var byBlocks = new float[expected.Length];
                plan.Run(input, byBlocks, 0, batches, 0, plan.BlockCount / 2);
                plan.Run(input, byBlocks, 0, batches, plan.BlockCount / 2, plan.BlockCount);
                Expect.Within(expected, byBlocks, tolerance);
            }
        }
    }

    public static TheoryData<int, int, int, int, int, int> DepthwiseCases => new()
    {
        // kernel, stride, dilation, pad, channels, batches
        { 3, 1, 1, 1, 8, 1 },
        { 3, 2, 1, 1, 37, 2 },
        { 3, 1, 2, 2, 64, 1 },
        { 5, 2, 1, 2, 100, 2 },
        { 2, 1, 1, 0, 3, 3 },
        { 3, 2, 1, 0, 32, 1 },
    };

    [Theory]
    [MemberData(nameof(DepthwiseCases))]
    public void DepthwiseConv_IsWithinAccumulationBoundOfReference(int kernel, int stride, int dilation, int pad, int channels, int batches)
    {
        var c = MakeCase(new Random(kernel * 977 + channels), kernel, stride, dilation, pad, channels, [1, kernel, kernel, channels], channels, batches);
        var (expected, tolerance) = ExpectedWithin(c, DepthwiseConv.Float, kernel * kernel + 1);
        var (p, inShape, filterShape, outShape, input, filter, bias) = c;
        foreach (var width in Widths)
        {
            var plan = FloatDepthwiseConvolution.TryCreate(p, inShape, filterShape, filter, bias, outShape, width);
            Assert.NotNull(plan);
            int pixels = batches * outShape[1] * outShape[2];
            foreach (var (start, end) in Splits(pixels))
            {
                var actual = new float[expected.Length];
                foreach (var (s, e) in new[] { (0, start), (start, end), (end, pixels) })
                    plan.Run(input, actual, s, e);
                Expect.Within(expected, actual, tolerance);
            }
        }
    }

    [Theory]
    [InlineData(true, 2, 2, 0, 8, 1)]
    [InlineData(true, 3, 2, 1, 37, 2)]
    [InlineData(false, 3, 1, 1, 17, 2)]
    [InlineData(false, 2, 2, 0, 64, 1)]
    [InlineData(false, 5, 3, 2, 3, 3)]
    public void Pooling_EqualsReference(bool max, int filter, int stride, int pad, int channels, int batches)
    {
        var kind = max ? Pooling.Kind.Max : Pooling.Kind.Average;
        var random = new Random(filter * 31 + channels);
        int[] inShape = [batches, 9, 7, channels];
        int[] outShape = [batches, OutSize(9, filter, stride, 1, pad), OutSize(7, filter, stride, 1, pad), channels];
        var input = RandomFloats(random, Size(inShape));
        var p = new ConvParams(stride, stride, 1, 1, pad, pad, -0.25f, 0.5f, FilterH: filter, FilterW: filter);
        var expected = new float[Size(outShape)];
        Pooling.Float(kind, p, inShape, input, outShape, expected);
        int pixels = batches * outShape[1] * outShape[2];
        foreach (var width in Widths)
            foreach (var (start, end) in Splits(pixels))
            {
                var actual = new float[expected.Length];
                foreach (var (s, e) in new[] { (0, start), (start, end), (end, pixels) })
                    FloatPooling.Run(kind, p, inShape, input, outShape, actual, s, e, width);
                Expect.Exactly(expected, actual);
            }
    }

    [Theory]
    [InlineData(new[] { 2, 5, 4, 13 }, new[] { 1, 2 })]
    [InlineData(new[] { 1, 7, 7, 256 }, new[] { 1, 2 })]
    [InlineData(new[] { 3, 4, 6 }, new[] { 0 })]
    [InlineData(new[] { 3, 4, 6 }, new[] { 2 })]
    [InlineData(new[] { 3, 4, 5, 6 }, new[] { 1, 2, 3 })]
    public void AxisSumAndMean_EqualReference(int[] shape, int[] axes)
    {
        var input = RandomFloats(new Random(shape.Sum()), Size(shape));
        var block = FloatAxisSum.Block(shape, axes);
        Assert.NotNull(block);
        var map = new int[input.Length];
        Reduce.OutputIndices(shape, axes, map);
        int outCount = input.Length / axes.Aggregate(1, (n, a) => n * shape[a]);
        var (expectedSum, expectedMean) = (new float[outCount], new float[outCount]);
        Reduce.Sum(input, map, expectedSum);
        Reduce.Mean(input, map, expectedMean);
        var (sum, mean) = (new float[outCount], new float[outCount]);
        FloatAxisSum.Sum(input, block.Value, sum);
        FloatAxisSum.Mean(input, block.Value, mean);
        Expect.Exactly(expectedSum, sum);
        Expect.Exactly(expectedMean, mean);
    }

    [Fact]
    public void AxisSum_DeclinesAxesThatAreNotOneRun() =>
        Assert.Null(FloatAxisSum.Block([2, 3, 4, 5], [1, 3]));

    [Fact]
    public void Plans_DeclineWhatTheyDoNotCover()
    {
        var p = new ConvParams(1, 1, 1, 1, 0, 0, float.MinValue, float.MaxValue);
        // Scalar width, grouped filter (2 channels per group of a 4-channel input), depth multiplier 2.
        Assert.Null(FloatConvolution.TryCreate(p, [1, 3, 3, 4], [4, 1, 1, 4], new float[16], [], [1, 3, 3, 4], VectorWidth.Scalar));
        Assert.Null(FloatConvolution.TryCreate(p, [1, 3, 3, 4], [4, 1, 1, 2], new float[8], [], [1, 3, 3, 4], VectorWidth.V256));
        Assert.Null(FloatDepthwiseConvolution.TryCreate(p, [1, 3, 3, 4], [1, 1, 1, 8], new float[8], [], [1, 3, 3, 8], VectorWidth.V256));
    }

    [Fact]
    public void Plans_RejectBuffersOfOtherShapes()
    {
        var p = new ConvParams(1, 1, 1, 1, 0, 0, float.MinValue, float.MaxValue);
        var plan = FloatConvolution.TryCreate(p, [1, 3, 3, 4], [4, 1, 1, 4], new float[16], [], [1, 3, 3, 4], VectorWidth.V256)!;
        Assert.Throws<ArgumentException>(() => plan.Run(new float[35], new float[36], 0, 9, 0, plan.BlockCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Run(new float[36], new float[36], 0, 10, 0, plan.BlockCount));
        var depthwise = FloatDepthwiseConvolution.TryCreate(p, [1, 3, 3, 4], [1, 1, 1, 4], new float[4], [], [1, 3, 3, 4], VectorWidth.V256)!;
        Assert.Throws<ArgumentException>(() => depthwise.Run(new float[36], new float[35], 0, 9));
    }

    private sealed record Case(ConvParams P, int[] InShape, int[] FilterShape, int[] OutShape, float[] Input, float[] Filter, float[] Bias);

    private delegate void ReferenceKernel(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<float> input,
        ReadOnlySpan<int> filterShape, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape,
        Span<float> output, int rowStart, int rowEnd);

    /// <summary>A 9x7 input with random data in [-2, 2), the filter, a bias per output channel and the clamp.</summary>
    private static Case MakeCase(Random random, int kernel, int stride, int dilation, int pad, int inC, int[] filterShape, int outC, int batches)
    {
        int[] inShape = [batches, 9, 7, inC];
        int[] outShape = [batches, OutSize(9, kernel, stride, dilation, pad), OutSize(7, kernel, stride, dilation, pad), outC];
        var p = new ConvParams(stride, stride, dilation, dilation, pad, pad, ClampLow, ClampHigh);
        return new Case(p, inShape, filterShape, outShape, RandomFloats(random, Size(inShape)), RandomFloats(random, Size(filterShape)),
            RandomFloats(random, outC));
    }

    /// <summary>The reference kernel's output, and the accumulation bound around it from the same sums over
    /// absolute values without the clamp.</summary>
    private static (float[] Expected, float[] Tolerance) ExpectedWithin(Case c, ReferenceKernel kernel, int terms)
    {
        int rows = c.OutShape[0] * c.OutShape[1];
        var expected = new float[Size(c.OutShape)];
        kernel(c.P, c.InShape, c.Input, c.FilterShape, c.Filter, c.Bias, c.OutShape, expected, 0, rows);
        var magnitude = new float[expected.Length];
        kernel(Unclamped(c.P), c.InShape, Abs(c.Input), c.FilterShape, Abs(c.Filter), Abs(c.Bias), c.OutShape, magnitude, 0, rows);
        return (expected, Expect.AccumulationTolerance(magnitude, terms));
    }

    /// <summary>Where two threads split the pixels: nowhere (one range), and in the middle.</summary>
    private static (int Start, int End)[] Splits(int pixels) => [(0, pixels), (0, pixels / 2)];

    private static ConvParams Unclamped(ConvParams p) => p with { ActivationMin = float.MinValue, ActivationMax = float.MaxValue };

    private static int OutSize(int size, int kernel, int stride, int dilation, int pad) =>
        (size + 2 * pad - ((kernel - 1) * dilation + 1)) / stride + 1;

    private static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    private static float[] RandomFloats(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

    private static float[] Abs(float[] values) => values.Select(MathF.Abs).ToArray();
}
