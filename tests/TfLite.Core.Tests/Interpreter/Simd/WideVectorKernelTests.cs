using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>
/// The vectorized uint8 and int16x8 convolution-family plans against the scalar reference kernels (the truth), bit
/// for bit, at every vector width and with one and two threads: random data with the extremes forced in, odd channel
/// counts for the vector tails, padding, strides, dilation, depth multipliers, extreme zero points, per-tensor and
/// per-channel stages with double and single rounding and LiteRT's (float stages for uint8, the whole multiplier
/// for int16x8 FULLY_CONNECTED), int32 and int64 accumulators.
/// </summary>
public class WideVectorKernelTests
{
    private static readonly VectorWidth[] Widths = [VectorWidth.V256, VectorWidth.V128, VectorWidth.Scalar];
    private static readonly int[] Threads = [1, 2];

    /// <summary>The requantizations a stage can have: TFLite's two fixed-point roundings and LiteRT's.</summary>
    public enum StageKind { Double, Single, LiteRt }

    private static readonly StageKind[] StageKinds = [StageKind.Double, StageKind.Single, StageKind.LiteRt];

    /// <summary>(input zero point, filter zero point) of uint8 cases: the ends of the range and between.</summary>
    private static readonly (int Input, int Filter)[] UInt8ZeroPoints = [(0, 0), (255, 255), (128, 3), (7, 250)];

    public static TheoryData<int, int, int, int, int, int> ConvCases => new()
    {
        // kernel, stride, dilation, pad, input channels, output channels
        { 1, 1, 1, 0, 8, 16 },
        { 1, 1, 1, 0, 33, 7 },
        { 3, 1, 1, 1, 1, 8 },
        { 3, 2, 1, 1, 3, 17 },
        { 3, 2, 1, 0, 16, 32 },
        { 2, 1, 2, 2, 5, 3 },
        { 5, 1, 1, 2, 19, 4 },
        { 3, 1, 1, 1, 64, 9 },
        { 10, 2, 1, 4, 1, 8 },
    };

    /// <summary>Batches, depth (1200: several int64 blocks) and units.</summary>
    public static TheoryData<int, int, int> FullyConnectedCases => new()
    {
        { 1, 1, 1 },
        { 3, 15, 17 },
        { 2, 64, 10 },
        { 1, 250, 33 },
        { 2, 1200, 9 },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void UInt8Conv_EqualsReference(int kernel, int stride, int dilation, int pad, int inC, int outC)
    {
        var random = new Random(kernel * 1000 + inC * 31 + outC);
        var (inShape, filterShape, outShape) = ConvShapes(kernel, stride, dilation, pad, inC, outC, outC);
        var bias = inC % 2 == 0 ? [] : RandomBias32(random, outC);
        foreach (var (zx, zw) in UInt8ZeroPoints)
        foreach (var kind in StageKinds)
        foreach (bool perChannel in new[] { false, true })
        {
            var input = RandomUInt8(random, inShape.FlatSize, zx);
            var filter = RandomUInt8(random, filterShape.FlatSize, zw);
            var p = new QuantizedConvParams(stride, stride, dilation, dilation, pad, pad, -zx, -zw);
            var stage = UInt8Stage(random, perChannel ? outC : 1, outC, kind, kernel * kernel * inC, Drift(input, zx, filter, zw));
            var expected = new byte[outShape.FlatSize];
            IntegerConv.Conv(p, stage, inShape, input, filterShape, filter, bias, outShape, expected);
            AssertPlans((width, threads) => WideConvolution.TryCreateUInt8(p, stage, inShape, filterShape, filter, bias, outShape, threads, width),
                input, expected, $"{kind}, zero points {zx}/{zw}, per channel {perChannel}");
        }
        AssertMostVaried();
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Int16x8Conv_EqualsReference(int kernel, int stride, int dilation, int pad, int inC, int outC)
    {
        var random = new Random(kernel * 1001 + inC * 37 + outC);
        var (inShape, filterShape, outShape) = ConvShapes(kernel, stride, dilation, pad, inC, outC, outC);
        var input = RandomInt16(random, inShape.FlatSize);
        var filter = RandomInt8(random, filterShape.FlatSize);
        var p = new QuantizedConvParams(stride, stride, dilation, dilation, pad, pad, 0);
        foreach (bool int64 in new[] { true, false })
        foreach (var kind in new[] { StageKind.Double, StageKind.Single })
        foreach (bool withBias in new[] { true, false })
        {
            var (bias32, bias64) = Int16x8Bias(random, outC, int64, withBias);
            var stage = Int16Stage(random, outC, kind, kernel * kernel * inC);
            var expected = new short[outShape.FlatSize];
            if (int64) IntegerConv.Conv(p, stage, inShape, input, filterShape, filter, bias64, outShape, expected);
            else IntegerConv.Conv(p, stage, inShape, input, filterShape, filter, bias32, outShape, expected);
            AssertPlans((width, threads) => WideConvolution.TryCreateInt16x8(p, stage, inShape, filterShape, filter, int64, bias32, bias64, outShape, threads, width),
                input, expected, $"{kind}, int64 {int64}, bias {withBias}");
        }
        AssertMostVaried();
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void UInt8DepthwiseConv_EqualsReference(int kernel, int stride, int dilation, int pad, int inC, int outC)
    {
        var (multiplier, inShape, filterShape, outShape) = DepthwiseShapes(kernel, stride, dilation, pad, inC, outC);
        int channels = outShape.D3;
        var random = new Random(kernel * 977 + channels);
        var bias = kernel % 2 == 0 ? [] : RandomBias32(random, channels);
        foreach (var (zx, zw) in UInt8ZeroPoints)
        foreach (var kind in StageKinds)
        {
            var input = RandomUInt8(random, inShape.FlatSize, zx);
            var filter = RandomUInt8(random, filterShape.FlatSize, zw);
            var p = new QuantizedConvParams(stride, stride, dilation, dilation, pad, pad, -zx, -zw);
            var stage = UInt8Stage(random, channels, channels, kind, kernel * kernel, Drift(input, zx, filter, zw));
            var expected = new byte[outShape.FlatSize];
            IntegerDepthwiseConv.DepthwiseConv(p, multiplier, stage, inShape, input, filterShape, filter, bias, outShape, expected);
            AssertPlans((width, threads) => WideDepthwiseConvolution.TryCreateUInt8(p, multiplier, stage, inShape, filterShape, filter, bias, outShape, threads, width),
                input, expected, $"{kind}, zero points {zx}/{zw}, multiplier {multiplier}");
        }
        AssertMostVaried();
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Int16x8DepthwiseConv_EqualsReference(int kernel, int stride, int dilation, int pad, int inC, int outC)
    {
        var (multiplier, inShape, filterShape, outShape) = DepthwiseShapes(kernel, stride, dilation, pad, inC, outC);
        int channels = outShape.D3;
        var random = new Random(kernel * 979 + channels);
        var input = RandomInt16(random, inShape.FlatSize);
        var filter = RandomInt8(random, filterShape.FlatSize);
        var p = new QuantizedConvParams(stride, stride, dilation, dilation, pad, pad, 0);
        foreach (bool int64 in new[] { true, false })
        foreach (var kind in new[] { StageKind.Double, StageKind.Single })
        foreach (bool withBias in new[] { true, false })
        {
            var (bias32, bias64) = Int16x8Bias(random, channels, int64, withBias);
            var stage = Int16Stage(random, channels, kind, kernel * kernel);
            var expected = new short[outShape.FlatSize];
            if (int64) IntegerDepthwiseConv.DepthwiseConv(p, multiplier, stage, inShape, input, filterShape, filter, bias64, outShape, expected);
            else IntegerDepthwiseConv.DepthwiseConv(p, multiplier, stage, inShape, input, filterShape, filter, bias32, outShape, expected);
            AssertPlans((width, threads) => WideDepthwiseConvolution.TryCreateInt16x8(p, multiplier, stage, inShape, filterShape, filter, int64,
                    bias32, bias64, outShape, threads, width),
                input, expected, $"{kind}, int64 {int64}, multiplier {multiplier}");
        }
        AssertMostVaried();
    }

    [Theory]
    [MemberData(nameof(FullyConnectedCases))]
    public void UInt8FullyConnected_EqualsReference(int batches, int depth, int units)
    {
        var random = new Random(batches * 7 + depth * 13 + units);
        foreach (var (zx, zw) in UInt8ZeroPoints)
        foreach (var kind in StageKinds)
        foreach (bool withBias in new[] { true, false })
        {
            var input = RandomUInt8(random, batches * depth, zx);
            var weights = RandomUInt8(random, units * depth, zw);
            var bias = withBias ? RandomBias32(random, units) : [];
            var stage = UInt8Stage(random, 1, units, kind, depth, Drift(input, zx, weights, zw));
            var expected = new byte[batches * units];
            IntegerFullyConnected.FullyConnected(-zx, -zw, stage, batches, depth, units, input, weights, bias, expected);
            AssertPlans((width, _) => WideFullyConnected.TryCreateUInt8(-zx, -zw, stage, batches, depth, units, weights, bias, width),
                input, expected, $"{kind}, zero points {zx}/{zw}, bias {withBias}", threaded: false);
        }
        AssertMostVaried();
    }

    [Theory]
    [MemberData(nameof(FullyConnectedCases))]
    public void Int16x8FullyConnected_EqualsReference(int batches, int depth, int units)
    {
        var random = new Random(batches * 11 + depth * 17 + units);
        var input = RandomInt16(random, batches * depth);
        var weights = RandomInt8(random, units * depth);
        foreach (bool int64 in new[] { true, false })
        foreach (var kind in StageKinds)
        foreach (bool perChannel in new[] { false, true })
        {
            var (bias32, bias64) = Int16x8Bias(random, units, int64, withBias: perChannel);
            var stage = Int16Stage(random, perChannel ? units : 1, kind, depth);
            var expected = new short[batches * units];
            if (int64) IntegerFullyConnected.FullyConnected(0, 0, stage, batches, depth, units, input, weights, bias64, expected);
            else IntegerFullyConnected.FullyConnected(0, 0, stage, batches, depth, units, input, weights, bias32, expected);
            AssertPlans((width, _) => WideFullyConnected.TryCreateInt16x8(0, 0, stage, batches, depth, units, weights, int64, bias32, bias64, width),
                input, expected, $"{kind}, int64 {int64}, per channel {perChannel}", threaded: false);
        }
        AssertMostVaried();
    }

    /// <summary>
    /// 1200 products of -32768 × -128 sum to 1200 × 2^22, past int32: TFLite's int64 sum must come out whole. The
    /// stage scales by a half shifted right by 17, so the expected output is 1200 × 2^22 / 2^18 = 19200.
    /// </summary>
    [Fact]
    public void Int16x8FullyConnected_SumsPastInt32Exactly()
    {
        const int depth = 1200;
        var input = Enumerable.Repeat(short.MinValue, depth).ToArray();
        var weights = Enumerable.Repeat(sbyte.MinValue, depth).ToArray();
        var stage = new OutputStage([1 << 30], [-17], 0, short.MinValue, short.MaxValue, RoundingMode.Double);
        AssertPlans((width, _) => WideFullyConnected.TryCreateInt16x8(0, 0, stage, 1, depth, 1, weights, true, [], [], width),
            input, new short[] { 19200 }, "whole int64 sum", threaded: false);
        AssertMostVaried();
    }

    [Fact]
    public void Plans_DeclineWhatTheyDoNotCover()
    {
        var stage = new OutputStage([1 << 30], [-8], 0, 0, 255, RoundingMode.Double);
        var p = new QuantizedConvParams(1, 1, 1, 1, 0, 0, 0);
        var grouped = new Dims4(4, 1, 1, 2);
        Assert.Null(WideConvolution.TryCreateUInt8(p, stage, new Dims4(1, 2, 2, 4), grouped, new byte[8], [], new Dims4(1, 2, 2, 4), 1, VectorWidth.V256));
        // uint8 zero points outside [0, 255]; an int16 input offset.
        Assert.Null(WideFullyConnected.TryCreateUInt8(1, 0, stage, 1, 2, 2, new byte[4], [], VectorWidth.V256));
        Assert.Null(WideFullyConnected.TryCreateUInt8(0, -256, stage, 1, 2, 2, new byte[4], [], VectorWidth.V256));
        Assert.Null(WideFullyConnected.TryCreateInt16x8(-1, 0, stage, 1, 2, 2, new sbyte[4], true, [], [], VectorWidth.V256));
        // More int64 taps than sum exactly in int32.
        var big = new Dims4(1, 23, 23, 1);
        Assert.Null(WideDepthwiseConvolution.TryCreateInt16x8(p, 1, stage, new Dims4(1, 23, 23, 1), big, new sbyte[big.FlatSize],
            true, [], [], new Dims4(1, 1, 1, 1), 1, VectorWidth.V256));
    }

    private static (Dims4 Input, Dims4 Filter, Dims4 Output) ConvShapes(int kernel, int stride, int dilation, int pad,
        int inC, int filterOut, int outC)
    {
        int outH = (9 + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
        int outW = (11 + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
        return (new Dims4(2, 9, 11, inC), new Dims4(filterOut, kernel, kernel, inC), new Dims4(2, outH, outW, outC));
    }

    /// <summary>
    /// Reference outputs checked, and how many of them were not all one value: extreme zero points and clamps
    /// saturate some cases, but most must vary or the test could not fail.
    /// </summary>
    private int _checked, _varied;

    private void AssertMostVaried() =>
        Assert.True(_varied * 4 >= _checked * 3, $"only {_varied} of {_checked} reference outputs vary; the cases test little");

    /// <summary>Depth multiplier 1 over inC channels, or outC / inC when outC is a multiple of inC.</summary>
    private static (int Multiplier, Dims4 Input, Dims4 Filter, Dims4 Output) DepthwiseShapes(int kernel, int stride,
        int dilation, int pad, int inC, int outC)
    {
        int multiplier = outC % inC == 0 ? outC / inC : 1, channels = inC * multiplier;
        var (input, _, output) = ConvShapes(kernel, stride, dilation, pad, inC, 1, channels);
        return (multiplier, input, new Dims4(1, kernel, kernel, channels), output);
    }

    /// <summary>Every width, and one and two threads unless <paramref name="threaded"/> is false, must give the reference outputs.</summary>
    private void AssertPlans<T, TOut>(Func<VectorWidth, int, IInt8Plan?> plan, T[] input, TOut[] expected, string what,
        bool threaded = true) where T : unmanaged where TOut : unmanaged
    {
        foreach (var width in Widths)
        foreach (int threads in threaded ? Threads : [1])
            AssertRuns(plan(width, threads), input, expected, $"{width}, {threads} threads, {what}");
    }

    private void AssertRuns<T, TOut>(IInt8Plan? plan, T[] input, TOut[] expected, string what)
        where T : unmanaged where TOut : unmanaged
    {
        Assert.NotNull(plan);
        var bytes = new byte[expected.Length * Unsafe.SizeOf<TOut>()];
        plan.Run(MemoryMarshal.AsBytes(input.AsSpan()).ToArray(), bytes);
        var result = MemoryMarshal.Cast<byte, TOut>(bytes).ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(result[i]), $"{what}: element {i} is {result[i]}, reference {expected[i]}");
        _checked++;
        if (expected.Length == 1 || expected.Distinct().Count() > 1) _varied++;
    }

    /// <summary>uint8 spread around the zero point (as real data is), with runs of 0 and 255 for the extremes.</summary>
    private static byte[] RandomUInt8(Random random, int count, int zeroPoint) =>
        Enumerable.Range(0, count).Select(i => (i % 11) switch
        {
            3 => (byte)0,
            7 => (byte)255,
            _ => (byte)Math.Clamp(zeroPoint + random.Next(-128, 128), 0, 255),
        }).ToArray();

    /// <summary>(mean x - zx) × (mean w - zw): how far one product leans from zero on average.</summary>
    private static double Drift(byte[] x, int zx, byte[] w, int zw) => (x.Average(v => v) - zx) * (w.Average(v => v) - zw);

    private static sbyte[] RandomInt8(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => (i % 11) switch { 3 => sbyte.MinValue, 7 => sbyte.MaxValue, _ => (sbyte)random.Next(-128, 128) }).ToArray();

    private static short[] RandomInt16(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => (i % 11) switch { 3 => short.MinValue, 7 => short.MaxValue, _ => (short)random.Next(-32768, 32768) }).ToArray();

    private static int[] RandomBias32(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => i == 0 ? int.MaxValue - 5 : random.Next(-400000, 400000)).ToArray();

    private static (int[] Bias32, long[] Bias64) Int16x8Bias(Random random, int count, bool int64, bool withBias)
    {
        if (!withBias) return ([], []);
        if (int64) return ([], Enumerable.Range(0, count).Select(i => i == 0 ? 1L << 40 : random.Next(-1 << 24, 1 << 24)).ToArray());
        return (RandomBias32(random, count), []);
    }

    /// <summary>
    /// A uint8 stage: fixed point with multipliers like real models' (per tensor or per channel), or LiteRT's float
    /// scales; output zero points at the ends of the range, and a ReLU-like clamp on some.
    /// </summary>
    private static OutputStage UInt8Stage(Random random, int multipliers, int channels, StageKind kind, int depth, double drift)
    {
        // Sums drift by depth × drift and spread by about sqrt(depth) × 74 × 74; the output zero point is drawn around
        // the one that centers the outputs (the ends of the range when the drift is large).
        drift *= depth;
        int shift = Shift(Math.Abs(drift) + Math.Sqrt(depth) * 74 * 74 + 400000, 128);
        int zero = Math.Clamp(128 - (int)(drift * Math.Pow(2, shift) * 0.75) + random.Next(-64, 65), 0, 255);
        int min = random.Next(2) == 0 ? 0 : zero;
        if (kind == StageKind.LiteRt)
        {
            var scales = Enumerable.Range(0, multipliers)
                .Select(_ => (float)Math.Pow(2, random.Next(shift - 2, shift + 1)) * (1 + random.NextSingle())).ToArray();
            return OutputStage.ForFloatConvolution(1f, scales, 1f, channels, zero, min, 255);
        }
        return new OutputStage(RandomMultipliers(random, multipliers), RandomShifts(random, multipliers, shift), zero, min, 255,
            kind == StageKind.Single ? RoundingMode.Single : RoundingMode.Double);
    }

    /// <summary>An int16x8 stage: zero output offset as TFLite requires, the full range or a ReLU clamp; LiteRT's
    /// FULLY_CONNECTED scales by the whole multiplier.</summary>
    private static OutputStage Int16Stage(Random random, int multipliers, StageKind kind, int depth)
    {
        // Sums spread by about sqrt(depth) × 18900 × 74 (the deviations of uniform int16 and int8).
        var shifts = RandomShifts(random, multipliers, Shift(Math.Sqrt(depth) * 18900 * 74 + (1 << 24), 32768));
        var stage = new OutputStage(RandomMultipliers(random, multipliers), shifts, 0, random.Next(2) == 0 ? short.MinValue : 0,
            short.MaxValue, kind == StageKind.Single ? RoundingMode.Single : RoundingMode.Double);
        return kind == StageKind.LiteRt ? stage with { FullMultiplier = true } : stage;
    }

    private static int[] RandomMultipliers(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => random.Next(1 << 30, int.MaxValue)).ToArray();

    /// <summary>Shifts from <paramref name="most"/> down by up to two.</summary>
    private static int[] RandomShifts(Random random, int count, int most) =>
        Enumerable.Range(0, count).Select(_ => random.Next(most - 2, most + 1)).ToArray();

    /// <summary>The power of two that brings sums of about <paramref name="spread"/> to about <paramref name="range"/>.</summary>
    private static int Shift(double spread, int range) => -(int)Math.Ceiling(Math.Log2(spread / range));
}
