using Xunit;
using TfLite.Core.Quantization;

namespace TfLite.Core.Tests.Quantization;

public class QuantizeKernelTests
{
    public static TheoryData<QuantizeArithmetic, float, int, bool> Settings => new()
    {
        { QuantizeArithmetic.Divide, 0.0078125f, 0, false },
        { QuantizeArithmetic.Divide, 0.0371f, -17, false },
        { QuantizeArithmetic.Divide, 3.3e-5f, 5, true },
        { QuantizeArithmetic.DivideInDouble, 0.0371f, -17, false },
        { QuantizeArithmetic.DivideInDouble, 0.013f, 0, true },
        { QuantizeArithmetic.MultiplyByReciprocal, 0.0371f, 3, false },
        { QuantizeArithmetic.MultiplyByReciprocal, 0.1f, 0, true },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Int8_vector_paths_equal_scalar_reference(QuantizeArithmetic arithmetic, float scale, int zero, bool narrow) =>
        Compare<sbyte>(arithmetic, scale, zero, narrow, (x, y) => QuantizeKernels.Quantize(x, y, scale, zero, arithmetic, narrow));

    [Theory]
    [MemberData(nameof(Settings))]
    public void UInt8_vector_paths_equal_scalar_reference(QuantizeArithmetic arithmetic, float scale, int zero, bool narrow) =>
        Compare<byte>(arithmetic, scale, zero + 128, narrow, (x, y) => QuantizeKernels.Quantize(x, y, scale, zero + 128, arithmetic, narrow));

    [Theory]
    [MemberData(nameof(Settings))]
    public void Int16_vector_paths_equal_scalar_reference(QuantizeArithmetic arithmetic, float scale, int zero, bool narrow) =>
        Compare<short>(arithmetic, scale / 256, zero * 100, narrow, (x, y) => QuantizeKernels.Quantize(x, y, scale / 256, zero * 100, arithmetic, narrow));

    private static void Compare<T>(QuantizeArithmetic arithmetic, float scale, int zero, bool narrow, SpanAction<T> quantize)
        where T : unmanaged, IEquatable<T>
    {
        foreach (int n in QuantizeTestData.Sizes)
        {
            var x = QuantizeTestData.Floats(n, scale, seed: n);
            var expected = new T[n];
            var actual = new T[n];
            var unvectorized = new T[n];
            ScalarQuantizeKernels.Quantize<T>(x, expected, scale, zero, arithmetic, narrow);
            quantize(x, actual);
            QuantizeKernels.PerTensor<T>(x, unvectorized, scale, zero, arithmetic, narrow, simd: false);
            for (int i = 0; i < n; i++)
            {
                Assert.True(expected[i].Equals(actual[i]), $"n={n} i={i} x={x[i]:R}: expected {expected[i]}, got {actual[i]}");
                Assert.True(expected[i].Equals(unvectorized[i]), $"scalar lanes n={n} i={i} x={x[i]:R}");
            }
        }
    }

    private delegate void SpanAction<T>(float[] x, T[] y);

    [Fact]
    public void Int8_spot_values_round_half_away_and_saturate()
    {
        float[] x = [0.5f, 1.5f, -0.5f, -1.5f, 2.4999998f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1000f, -1000f, -0f, 126.5f];
        var y = new sbyte[x.Length];
        QuantizeKernels.Quantize(x, y, 1f, 0);
        Assert.Equal(new sbyte[] { 1, 2, -1, -2, 2, 0, 127, -128, 127, -128, 0, 127 }, y);

        // Scale 0.5 and zero point 3: 0.25 / 0.5 = 0.5 rounds to 1, plus 3; NaN gives the zero point.
        float[] z = [0.25f, -0.25f, -1.25f, float.NaN, 63f, 64f];
        var w = new sbyte[z.Length];
        QuantizeKernels.Quantize(z, w, 0.5f, 3);
        Assert.Equal(new sbyte[] { 4, 2, 0, 3, 127, 127 }, w);

        QuantizeKernels.Quantize([-1000f, 1000f], w.AsSpan(0, 2), 1f, 0, narrowRange: true);
        Assert.Equal(new sbyte[] { -127, 127 }, w[..2]);
    }

    [Fact]
    public void Every_half_integer_and_its_neighbours_round_as_the_reference()
    {
        // The vector rounding adds a constant just below one half; check it where that could go wrong: at every
        // k + 0.5 of the int16 range, at k, and one float step either side of both.
        var x = new List<float>();
        for (int k = -33000; k < 33000; k++)
            foreach (float v in new[] { k + 0.5f, (float)k })
                x.AddRange([v, MathF.BitDecrement(v), MathF.BitIncrement(v)]);
        x.AddRange([0.49999997f, -0.49999997f, 1e-45f, -1e-45f]);
        var expected = new short[x.Count];
        var actual = new short[x.Count];
        ScalarQuantizeKernels.Quantize<short>(x.ToArray(), expected, 1f, 0, QuantizeArithmetic.Divide, false);
        QuantizeKernels.Quantize(x.ToArray(), actual, 1f, 0);
        for (int i = 0; i < x.Count; i++) Assert.True(expected[i] == actual[i], $"x={x[i]:R}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Double_arithmetic_adds_the_zero_point_before_rounding()
    {
        // round(-2.5) + 10 = 7 for the QUANTIZE op, round(-2.5 + 10) = 8 for TensorFlow's constant folding.
        var op = new sbyte[1];
        var folded = new sbyte[1];
        QuantizeKernels.Quantize([-2.5f], op, 1f, 10, QuantizeArithmetic.Divide);
        QuantizeKernels.Quantize([-2.5f], folded, 1f, 10, QuantizeArithmetic.DivideInDouble);
        Assert.Equal(7, op[0]);
        Assert.Equal(8, folded[0]);
    }

    [Fact]
    public void Reciprocal_arithmetic_multiplies_by_the_float_reciprocal()
    {
        // (float)(1.0 / 0.1f) is 10f; 0.3f * 10 = 3.0000002 -> 3; 0.35f * 10 rounds to exactly 3.5 in float32 -> 4.
        var y = new short[2];
        QuantizeKernels.Quantize([0.3f, 0.35f], y, 0.1f, 0, QuantizeArithmetic.MultiplyByReciprocal);
        Assert.Equal(new short[] { 3, 4 }, y);
    }

    [Fact]
    public void UInt8_and_int16_spot_values()
    {
        var u = new byte[5];
        QuantizeKernels.Quantize([0f, -1f, 1f, 127.5f, float.NaN], u, 1f, 128);
        Assert.Equal(new byte[] { 128, 127, 129, 255, 128 }, u);
        var s = new short[4];
        QuantizeKernels.Quantize([1f, -1f, 100f, -0.5f], s, 1f / 32768, 0);
        Assert.Equal(new short[] { 32767, -32768, 32767, -16384 }, s);
    }

    [Fact]
    public void Per_channel_uses_each_channels_scale_and_zero_point()
    {
        // Shape [2, 3, 2], channel axis 1: element (o, c, k) sits at o*6 + c*2 + k.
        int[] shape = [2, 3, 2];
        float[] scales = [1f, 0.5f, 0.25f];
        int[] zeros = [0, 1, -1];
        var x = Enumerable.Range(0, 12).Select(i => i * 0.3f - 1.7f).ToArray();
        var y = new sbyte[12];
        QuantizeKernels.QuantizePerChannel(x, y, shape, 1, scales, zeros);
        for (int i = 0; i < 12; i++)
        {
            int c = i / 2 % 3;
            int expected = (int)MathF.Round(x[i] / scales[c], MidpointRounding.AwayFromZero) + zeros[c];
            Assert.Equal(expected, y[i]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Per_channel_matches_per_element_reference_on_every_axis(int axis)
    {
        int[] shape = [3, 5, 37];
        var layout = ChannelLayout.Of(shape, axis);
        var rng = new Random(axis + 10);
        var scales = Enumerable.Range(0, layout.Channels).Select(_ => (float)(rng.NextDouble() * 0.05 + 1e-4)).ToArray();
        int n = 3 * 5 * 37;
        var x = QuantizeTestData.Floats(n, 0.01f, seed: 3);
        var y = new sbyte[n];
        QuantizeKernels.QuantizePerChannel(x, y, shape, axis, scales, [], QuantizeArithmetic.DivideInDouble, narrowRange: true);
        for (int i = 0; i < n; i++)
        {
            int c = i / layout.Inner % layout.Channels;
            Assert.Equal(ScalarQuantizeKernels.QuantizeOne(x[i], scales[c], 0, -127, 127, QuantizeArithmetic.DivideInDouble), y[i]);
        }
    }

    [Fact]
    public void Bias_quantizes_to_int32_per_channel_and_saturates_symmetrically()
    {
        var b = new int[4];
        QuantizeKernels.QuantizeBias([1f, -2.5f, 1e30f, -1e30f], b, [0.5f, 1f, 1f, 1f]);
        Assert.Equal(new[] { 2, -3, int.MaxValue, -int.MaxValue }, b);
        QuantizeKernels.QuantizeBias([0.75f, -0.25f], b.AsSpan(0, 2), [0.5f]);
        Assert.Equal(new[] { 2, -1 }, b[..2]);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => QuantizeKernels.Quantize(new float[3], new sbyte[2], 1f, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizeKernels.Quantize(new float[3], new sbyte[3], 1f, 200));
        Assert.Throws<ArgumentException>(() => QuantizeKernels.QuantizePerChannel(new float[6], new sbyte[6], [2, 3], 1, [1f, 1f], []));
        Assert.Throws<ArgumentException>(() => QuantizeKernels.QuantizePerChannel(new float[6], new sbyte[6], [2, 3], 2, [1f, 1f, 1f], []));
    }
}
