using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>The vectorized requantization against <see cref="OutputStage.Apply(int, int)"/> (the scalar truth) over
/// extreme accumulators, every right shift, left shifts for double rounding, and both roundings, at every width
/// (Vector512 blocks where AVX-512 is present).</summary>
public class Int8RequantizerTests
{
    [Theory]
    [InlineData(RoundingMode.Double)]
    [InlineData(RoundingMode.Single)]
    public void Requantizer_EqualsOutputStage(RoundingMode rounding)
    {
        var random = new Random((int)rounding + 5);
        int maxLeft = rounding == RoundingMode.Double ? 4 : 0;
        int channels = 32 + 31 + maxLeft + 3; // odd, so the scalar tail runs too
        var multipliers = new int[channels];
        var shifts = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            multipliers[c] = c % 5 == 0 ? int.MaxValue : c % 7 == 0 ? 1 << 30 : random.Next(1 << 30, int.MaxValue);
            shifts[c] = Math.Min(maxLeft, c % (32 + maxLeft) - 31);
        }
        var stage = new OutputStage(multipliers, shifts, -7, -128, 127, rounding);
        int[] special = [int.MinValue, int.MinValue + 1, int.MaxValue, -1, 0, 1, 1 << 30, -(1 << 30), 12345, -12345];
        foreach (var width in new[] { VectorWidth.V512, VectorWidth.V256, VectorWidth.V128, VectorWidth.Scalar })
        {
            for (int trial = 0; trial < 200; trial++)
            {
                var acc = new int[channels];
                var bias = new int[channels];
                for (int c = 0; c < channels; c++)
                {
                    acc[c] = trial < special.Length ? special[trial] : random.Next(int.MinValue, int.MaxValue) >> random.Next(0, 24);
                    bias[c] = trial % 3 == 0 ? 0 : random.Next(-100000, 100000);
                }
                var actual = new sbyte[channels];
                new Int8Requantizer(stage, channels, bias, width).Apply(acc, actual);
                for (int c = 0; c < channels; c++)
                {
                    int expected = stage.Apply(unchecked(acc[c] + bias[c]), c);
                    Assert.True(expected == actual[c],
                        $"{width} {rounding}: acc {acc[c]} + {bias[c]}, shift {shifts[c]}: {actual[c]} vs {expected}");
                }
            }
        }
    }

    [Fact]
    public void FloatStage_VectorEqualsScalar_AndRoundsHalfToEven()
    {
        var random = new Random(11);
        int channels = 32 + 8 + 5;
        var filterScales = Enumerable.Range(0, channels).Select(_ => (float)(random.NextDouble() * 0.02 + 1e-4)).ToArray();
        var stage = OutputStage.ForFloatConvolution(0.05f, filterScales, 0.1f, channels, 3, -128, 100);
        // The independent model of XNNPACK's arithmetic: float32 scale, float32 product, clamp, round half to even.
        int Expected(int acc, int c)
        {
            float scale = 0.05f * filterScales[c] / 0.1f;
            double product = (float)acc * scale;
            return (int)Math.Clamp(Math.Round(product, MidpointRounding.ToEven) + 3, -128, 100);
        }
        int[] special = [int.MinValue, int.MaxValue, -1, 0, 1, 1 << 24, (1 << 24) + 1, -12345, 77777];
        foreach (var width in new[] { VectorWidth.V512, VectorWidth.V256, VectorWidth.V128, VectorWidth.Scalar })
        {
            for (int trial = 0; trial < 200; trial++)
            {
                var acc = new int[channels];
                var bias = new int[channels];
                for (int c = 0; c < channels; c++)
                {
                    acc[c] = trial < special.Length ? special[trial] : random.Next(int.MinValue, int.MaxValue) >> random.Next(8, 30);
                    bias[c] = trial < special.Length ? 0 : random.Next(-1000, 1000);
                }
                var actual = new sbyte[channels];
                new Int8Requantizer(stage, channels, bias, width).Apply(acc, actual);
                for (int c = 0; c < channels; c++)
                {
                    int sum = unchecked(acc[c] + bias[c]);
                    Assert.Equal(Expected(sum, c), stage.Apply(sum, c));
                    Assert.True(Expected(sum, c) == actual[c], $"{width}: acc {sum}, channel {c}: {actual[c]} vs {Expected(sum, c)}");
                }
            }
        }
        // Ties go to the even neighbour: 2.5 -> 2 and 3.5 -> 4 (scale 0.5 is exact in float32).
        var half = OutputStage.ForFloatConvolution(1f, [0.5f], 1f, 1, 0, -128, 127);
        Assert.Equal([2, 4, -2, -4], new[] { 5, 7, -5, -7 }.Select(a => half.Apply(a, 0)));
    }
}
