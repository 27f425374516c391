using Xunit;
using TfLite.Core.Quantization;

namespace TfLite.Core.Tests.Quantization;

public class DequantizeAndRangeKernelTests
{
    [Theory]
    [InlineData(0.0078125f, 0)]
    [InlineData(0.0371f, -17)]
    [InlineData(3.3e-5f, 100)]
    [InlineData(1.7e30f, 1)]
    public void Dequantize_equals_tflite_double_formula_for_every_storage_type(float scale, int zero)
    {
        foreach (int n in QuantizeTestData.Sizes)
        {
            Check(QuantizeTestData.Integers(n, n, r => (sbyte)r.Next(-128, 128)), scale, zero, QuantizeKernels.Dequantize);
            Check(QuantizeTestData.Integers(n, n, r => (byte)r.Next(0, 256)), scale, zero + 128, QuantizeKernels.Dequantize);
            Check(QuantizeTestData.Integers(n, n, r => (short)r.Next(-32768, 32768)), scale, zero * 300, QuantizeKernels.Dequantize);
            Check(QuantizeTestData.Integers(n, n, r => r.Next(int.MinValue, int.MaxValue)), scale, zero, QuantizeKernels.Dequantize);
        }
    }

    private delegate void Dequantizer<T>(ReadOnlySpan<T> q, Span<float> y, float scale, int zero);

    private static void Check<T>(T[] q, float scale, int zero, Dequantizer<T> dequantize) where T : unmanaged
    {
        var expected = new float[q.Length];
        var actual = new float[q.Length];
        ScalarQuantizeKernels.Dequantize<T>(q, expected, scale, zero);
        dequantize(q, actual, scale, zero);
        for (int i = 0; i < q.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{typeof(T).Name} n={q.Length} i={i} q={q[i]}");
    }

    [Fact]
    public void Dequantize_spot_values()
    {
        var y = new float[3];
        QuantizeKernels.Dequantize(new sbyte[] { -128, 0, 127 }, y, 0.5f, -128);
        Assert.Equal(new[] { 0f, 64f, 127.5f }, y);
        QuantizeKernels.DequantizePerChannel(new sbyte[] { 1, 1, 1, 1, 1, 1 }, new float[6] is var z ? z : z, [2, 3], 1, [1f, 2f, 4f], []);
        Assert.Equal(new[] { 1f, 2f, 4f, 1f, 2f, 4f }, z);
    }

    [Fact]
    public void MinMax_and_AbsMax_equal_the_scalar_reference()
    {
        foreach (int n in QuantizeTestData.Sizes)
        {
            var x = QuantizeTestData.Floats(n, 0.01f, seed: 1000 + n);
            var expected = ScalarQuantizeKernels.MinMax(x);
            var actual = QuantizeKernels.MinMax(x);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Min), BitConverter.SingleToInt32Bits(actual.Min));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Max), BitConverter.SingleToInt32Bits(actual.Max));
            Assert.Equal(ScalarQuantizeKernels.AbsMax(x), QuantizeKernels.AbsMax(x));
            var finite = x.Where(float.IsFinite).ToArray();
            Assert.Equal(ScalarQuantizeKernels.MinMax(finite), QuantizeKernels.MinMax(finite));
        }
    }

    [Fact]
    public void MinMax_spot_values_ignore_nan_and_normalize_zero()
    {
        Assert.Equal((-3f, 2.5f), QuantizeKernels.MinMax([float.NaN, 1f, -3f, 2.5f, float.NaN, 0f, 0f, 0f, 0f, 1f]));
        Assert.Equal((float.PositiveInfinity, float.NegativeInfinity), QuantizeKernels.MinMax([]));
        Assert.Equal((float.PositiveInfinity, float.NegativeInfinity), QuantizeKernels.MinMax([float.NaN, float.NaN]));
        var (min, max) = QuantizeKernels.MinMax([-0f, -0f, 0f, -0f, -0f, -0f, 0f, -0f, -0f]);
        Assert.Equal(0, BitConverter.SingleToInt32Bits(min));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(max));
        Assert.Equal(float.PositiveInfinity, QuantizeKernels.AbsMax([1f, float.NegativeInfinity, float.NaN]));
        Assert.Equal(7.5f, QuantizeKernels.AbsMax([1f, -7.5f, 3f, float.NaN, 0f, 0f, 2f, -1f, 6f]));
        Assert.Equal(0f, QuantizeKernels.AbsMax([]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void MinMaxPerChannel_matches_a_plain_loop(int axis)
    {
        int[] shape = [4, 3, 21];
        var layout = ChannelLayout.Of(shape, axis);
        var x = QuantizeTestData.Floats(4 * 3 * 21, 0.1f, seed: 77 + axis);
        var mins = new float[layout.Channels];
        var maxs = new float[layout.Channels];
        QuantizeKernels.MinMaxPerChannel(x, shape, axis, mins, maxs);
        for (int c = 0; c < layout.Channels; c++)
        {
            var values = Enumerable.Range(0, x.Length).Where(i => i / layout.Inner % layout.Channels == c).Select(i => x[i]).ToArray();
            Assert.Equal(ScalarQuantizeKernels.MinMax(values), (mins[c], maxs[c]));
        }
    }

    [Fact]
    public void MinMaxPerChannel_spot_values_last_axis()
    {
        float[] x = [1f, -2f, 3f, -4f, 5f, float.NaN];
        var mins = new float[3];
        var maxs = new float[3];
        QuantizeKernels.MinMaxPerChannel(x, [2, 3], 1, mins, maxs);
        Assert.Equal(new[] { -4f, -2f, 3f }, mins);
        Assert.Equal(new[] { 1f, 5f, 3f }, maxs);
    }

    [Fact]
    public void FloatToHalf_equals_System_Half_for_every_non_nan_bit_pattern_sampled()
    {
        var rng = new Random(5);
        foreach (int n in QuantizeTestData.Sizes.Append(4099))
        {
            var x = new float[n];
            for (int i = 0; i < n; i++)
            {
                float v;
                do v = BitConverter.Int32BitsToSingle(rng.Next() ^ (rng.Next(2) << 31)); while (float.IsNaN(v));
                // Half ties sit where the low 13 mantissa bits are exactly 0x1000; make a quarter of the values ties.
                if (i % 4 == 0) v = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(v) & ~0x1FFF) | 0x1000);
                x[i] = v;
            }
            var expected = new Half[n];
            var actual = new Half[n];
            ScalarQuantizeKernels.FloatToHalf(x, expected);
            QuantizeKernels.FloatToHalf(x, actual);
            for (int i = 0; i < n; i++)
                Assert.True(BitConverter.HalfToUInt16Bits(expected[i]) == BitConverter.HalfToUInt16Bits(actual[i]) || float.IsNaN(x[i]), $"x={x[i]:R}");
        }
    }

    [Fact]
    public void Half_spot_values_round_to_nearest_even()
    {
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even 1. 1 + 3*2^-11 ties up to 1 + 2^-9.
        var h = new Half[4];
        QuantizeKernels.FloatToHalf([1f + 1f / 2048, 1f + 3f / 2048, 65520f, float.NaN], h);
        Assert.Equal(0x3C00, BitConverter.HalfToUInt16Bits(h[0]));
        Assert.Equal(0x3C02, BitConverter.HalfToUInt16Bits(h[1]));
        Assert.Equal(0x7C00, BitConverter.HalfToUInt16Bits(h[2]));
        Assert.True(Half.IsNaN(h[3]));
    }

    [Fact]
    public void HalfToFloat_is_exact_for_all_65536_halves()
    {
        var h = Enumerable.Range(0, 65536).Select(i => BitConverter.UInt16BitsToHalf((ushort)i)).ToArray();
        var y = new float[h.Length];
        QuantizeKernels.HalfToFloat(h, y);
        for (int i = 0; i < h.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits((float)h[i]) == BitConverter.SingleToInt32Bits(y[i]) || Half.IsNaN(h[i]) && float.IsNaN(y[i]), $"half 0x{i:X4}");
    }

    [Fact]
    public void Histogram_equals_scalar_reference()
    {
        foreach (int n in QuantizeTestData.Sizes)
        {
            var x = QuantizeTestData.Floats(n, 0.01f, seed: 9 + n);
            var expected = new long[37];
            var actual = new long[37];
            ScalarQuantizeKernels.Histogram(x, -1.3f, 2.9f, expected);
            QuantizeKernels.Histogram(x, -1.3f, 2.9f, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(x.Count(v => !float.IsNaN(v)), actual.Sum());
        }
    }

    [Fact]
    public void Histogram_spot_values()
    {
        var bins = new long[4];
        QuantizeKernels.Histogram([0f, 0.99f, 1f, 3.99f, 4f, 5f, -1f, float.NaN, float.PositiveInfinity, 2.5f], 0f, 4f, bins);
        Assert.Equal(new long[] { 3, 1, 1, 4 }, bins);
        Assert.Throws<ArgumentException>(() => QuantizeKernels.Histogram([1f], 1f, 1f, bins));
    }
}
