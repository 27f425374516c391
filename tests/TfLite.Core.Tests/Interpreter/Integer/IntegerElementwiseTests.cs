using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.FixedPoint;
using TfLite.Core.Interpreter.Reference.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>Quantized element-wise kernels: hand-worked values and agreement with the real-valued operation.</summary>
public class IntegerElementwiseTests
{
    [Fact]
    public void Add_Int8_HandWorked()
    {
        // Scales 0.5 and 0.25 with zero points 1 and -2, output scale 1 and zero point 3:
        // (10 - 1) * 0.5 + (14 + 2) * 0.25 = 4.5 + 4 = 8.5 -> 9 (+3) = 12.
        var p = QuantizedAddParams.ForAdd(0.5f, 1, 0.25f, -2, 1f, 3, int16: false, -128, 127);
        Assert.Equal(20, p.LeftShift);
        var output = new sbyte[1];
        QuantizedAdd.Add<sbyte>(p, [1], [10], [1], [14], [1], output);
        Assert.Equal(12, output[0]);
        QuantizedAdd.Sub<sbyte>(p, [1], [10], [1], [14], [1], output);
        // 4.5 - 4 = 0.5: the doubled right shift rounds it up to 1, plus 3.
        Assert.Equal(4, output[0]);
    }

    [Fact]
    public void AddAndSub_TrackTheRealOperation_WithBroadcasting()
    {
        var random = new Random(2);
        float s1 = 0.037f, s2 = 0.051f, so = 0.08f;
        var p = QuantizedAddParams.ForAdd(s1, -5, s2, 7, so, -1, false, -128, 127);
        var q = QuantizedAddParams.ForSub(s1, -5, s2, 7, so, -1, false, -128, 127);
        var a = IntegerConvolutionTests.RandomInt8(random, 2 * 3 * 4);
        var b = IntegerConvolutionTests.RandomInt8(random, 4);
        var sum = new sbyte[24];
        var difference = new sbyte[24];
        QuantizedAdd.Add<sbyte>(p, [2, 3, 4], a, [4], b, [2, 3, 4], sum);
        QuantizedAdd.Sub<sbyte>(q, [2, 3, 4], a, [4], b, [2, 3, 4], difference);
        for (int i = 0; i < 24; i++)
        {
            double x = s1 * (a[i] + 5), y = s2 * (b[i % 4] - 7);
            Assert.InRange(sum[i] - Math.Clamp(Math.Round((x + y) / so) - 1, -128, 127), -1, 1);
            Assert.InRange(difference[i] - Math.Clamp(Math.Round((x - y) / so) - 1, -128, 127), -1, 1);
        }
    }

    [Fact]
    public void Sub_AcceptsAnOutputMultiplierAboveOneAsTFLiteDoes()
    {
        // A very narrow output range: 2 * 1 / (2^20 * 1e-7) is about 19, above one.
        var p = QuantizedAddParams.ForSub(1f, 0, 1f, 0, 1e-7f, 0, false, -128, 127);
        Assert.True(p.Output.Shift > 0);
        Assert.Throws<InterpreterException>(() => QuantizedAddParams.ForAdd(1f, 0, 1f, 0, 1e-7f, 0, false, -128, 127));
    }

    [Fact]
    public void Add_Int16_UsesFifteenBitsOfHeadroom()
    {
        var p = QuantizedAddParams.ForAdd(1f / 1024, 0, 1f / 2048, 0, 1f / 512, 0, int16: true, short.MinValue, short.MaxValue);
        Assert.Equal(15, p.LeftShift);
        var output = new short[2];
        // 3000/1024 + 5000/2048 = 2.9297 + 2.4414 = 5.3711 -> * 512 = 2750
        QuantizedAdd.Add<short>(p, [2], [3000, -32768], [2], [5000, -32768], [2], output);
        Assert.Equal(2750, output[0]);
        Assert.Equal(-24576, output[1]); // (-32 - 16) * 512
    }

    [Fact]
    public void PowerOfTwoAdd_ShiftsTheFinerInputAndSaturates()
    {
        var p = PowerOfTwoAddParams.TryCreate(1f / 4096, 1f / 1024, 1f / 1024, short.MinValue, short.MaxValue);
        Assert.NotNull(p);
        Assert.Equal((-2, 0), (p!.Value.Input1Shift, p.Value.Input2Shift));
        var output = new short[3];
        // 10 / 4 = 2.5 -> 3 (away from zero), + 100; -10 / 4 -> -3; saturation at the top.
        PowerOfTwoAdd.Add(p.Value, [3], [10, -10, 32767], [3], [100, 100, 32767], [3], output);
        Assert.Equal(new short[] { 103, 97, 32767 }, output);
        PowerOfTwoAdd.Sub(p.Value, [3], [10, -10, 0], [3], [100, 100, -32768], [3], output);
        Assert.Equal(new short[] { -97, -103, 32767 }, output);
        Assert.Null(PowerOfTwoAddParams.TryCreate(0.3f, 1f / 1024, 1f / 1024, short.MinValue, short.MaxValue));
    }

    [Fact]
    public void Mul_TracksTheRealProduct()
    {
        var random = new Random(4);
        float s1 = 0.02f, s2 = 0.03f, so = 0.01f;
        var p = QuantizedMulParams.Create(s1, 3, s2, -4, so, 2, -128, 127);
        var a = IntegerConvolutionTests.RandomInt8(random, 50);
        var b = IntegerConvolutionTests.RandomInt8(random, 50);
        var output = new sbyte[50];
        QuantizedMul.Mul<sbyte>(p, [50], a, [50], b, [50], output);
        for (int i = 0; i < 50; i++)
        {
            double real = s1 * (a[i] - 3) * (s2 * (b[i] + 4));
            Assert.InRange(output[i] - Math.Clamp(Math.Round(real / so) + 2, -128, 127), -1, 1);
        }
        // 10 * 0.02 * 20 * 0.03 = 0.12 -> 12 (+2): hand-worked with zero offsets.
        var exact = QuantizedMulParams.Create(s1, 0, s2, 0, so, 2, -128, 127);
        QuantizedMul.Mul<sbyte>(exact, [1], [10], [1], [20], [1], output);
        Assert.Equal(14, output[0]);
    }

    [Fact]
    public void Quantize_RoundsHalfAwayFromZeroAndClamps()
    {
        var output = new sbyte[5];
        QuantizeOps.AffineQuantize<sbyte>(0.5f, -1, [1.25f, -1.25f, 0.2f, 100f, -100f], output);
        // 2.5 -> 3 - 1 = 2; -2.5 -> -3 - 1 = -4; 0.4 -> 0 - 1; then the clamps.
        Assert.Equal(new sbyte[] { 2, -4, -1, 127, -128 }, output);
        // NaN converts to int.MinValue as x86's cvttss2si does, and clamps to the minimum.
        QuantizeOps.AffineQuantize<sbyte>(0.5f, 0, [float.NaN], output);
        Assert.Equal(-128, output[0]);
    }

    [Fact]
    public void Requantize_BetweenTypes()
    {
        // int32 with scale 1/65536 to int16 with scale 1/1024: divide by 64 with rounding.
        var m = QuantizeOps.RequantizeMultiplier(1f / 65536, 1f / 1024);
        var output = new short[4];
        QuantizeOps.Requantize<int, short>(m, 0, 0, RoundingMode.Double, [6400, -96, 32, int.MaxValue], output);
        Assert.Equal(new short[] { 100, -2, 1, short.MaxValue }, output);
        // uint8 to int8 with the same scale: the zero point moves by 128.
        var same = QuantizeOps.RequantizeMultiplier(0.1f, 0.1f);
        var shifted = new sbyte[3];
        QuantizeOps.Requantize<byte, sbyte>(same, 128, 0, RoundingMode.Double, [0, 128, 255], shifted);
        Assert.Equal(new sbyte[] { -128, 0, 127 }, shifted);
    }

    [Fact]
    public void Dequantize_PerTensorAndPerChannel()
    {
        var output = new float[2];
        QuantizeOps.Dequantize<sbyte>(0.1f, 3, [13, -7], output);
        Assert.Equal(new[] { (float)(0.1f * 10.0), (float)(0.1f * -10.0) }, output);
        var perChannel = new float[4];
        QuantizeOps.DequantizePerChannel<sbyte>([0.5f, 2f], [0, 1], 1, [2, 2], [4, 5, 6, 7], perChannel);
        Assert.Equal(new[] { 2f, 8f, 3f, 12f }, perChannel);
    }

    [Fact]
    public void Concatenation_CopiesMatchingInputsAndRescalesOthers()
    {
        var output = new sbyte[6];
        // Two inputs of two rows each along axis 0 of a [2 x 3]-like layout: outer 1, inner 1.
        QuantizedConcatenation.Concatenate<sbyte>(
        [
            new ConcatenationInput<sbyte>(new sbyte[] { 1, 2, 3 }, 3, 0.5f, 0),
            new ConcatenationInput<sbyte>(new sbyte[] { 10, -10, 127 }, 3, 0.25f, 2),
        ], 1, 1, 0.5f, 0, output);
        // (10 - 2) * 0.5 = 4; (-10 - 2) * 0.5 = -6; (127 - 2) * 0.5 = 62.5 -> 63.
        Assert.Equal(new sbyte[] { 1, 2, 3, 4, -6, 63 }, output);
    }
}
