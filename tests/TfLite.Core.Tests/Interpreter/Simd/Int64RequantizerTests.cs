using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>The vectorized int16x8 requantization of 64-bit accumulators against
/// <see cref="OutputStage.Apply(long, int)"/> (the scalar truth): extreme accumulators, past the 2^47 TFLite expects
/// too, every shift it takes, multipliers at both ends, clamps and zero points.</summary>
public class Int64RequantizerTests
{
    [Fact]
    public void Requantizer_EqualsOutputStage()
    {
        var random = new Random(64);
        int channels = 39 + 4 + 2; // every shift from 7 to -31, then some repeated; odd, so the scalar tail runs too
        var multipliers = new int[channels];
        var shifts = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            multipliers[c] = c % 5 == 0 ? int.MaxValue : c % 7 == 0 ? 1 << 30 : c % 11 == 0 ? 0x7FFF0000 : random.Next(1 << 30, int.MaxValue);
            shifts[c] = c < 39 ? 7 - c : -random.Next(0, 32);
        }
        long[] special = [long.MinValue, long.MaxValue, -1, 0, 1, 1L << 47, -(1L << 47), (1L << 47) - 1, 1L << 40, -(1L << 33), 12345, -12345];
        foreach (var (offset, min, max) in new[] { (0, (int)short.MinValue, (int)short.MaxValue), (0, 0, (int)short.MaxValue), (-7, -100, 3000) })
        {
            var stage = new OutputStage(multipliers, shifts, offset, min, max, RoundingMode.Double);
            var requantizer = Int64Requantizer.TryCreate(stage, channels, VectorWidth.V256);
            if (requantizer is null)
            {
                Assert.False(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "AVX2 is there, yet the stage was declined");
                return;
            }
            for (int trial = 0; trial < 300; trial++)
            {
                var sums = new long[channels];
                var bias = new long[channels];
                for (int c = 0; c < channels; c++)
                {
                    sums[c] = trial < special.Length ? special[trial] : random.NextInt64() >> random.Next(0, 48);
                    bias[c] = trial % 3 == 0 ? 0 : random.Next(-100000, 100000);
                }
                var actual = new short[channels];
                requantizer.Apply(sums, bias, actual);
                for (int c = 0; c < channels; c++)
                {
                    short expected = (short)stage.Apply(unchecked(sums[c] + bias[c]), c);
                    Assert.True(expected == actual[c], $"accumulator {sums[c]} + {bias[c]}, channel {c}: {actual[c]}, stage {expected}");
                }
            }
        }
    }

    [Fact]
    public void DeclinesTheWholeMultiplierAndNegativeMultipliers()
    {
        var stage = new OutputStage([1 << 30], [-3], 0, short.MinValue, short.MaxValue, RoundingMode.Double);
        Assert.Null(Int64Requantizer.TryCreate(stage with { FullMultiplier = true }, 4, VectorWidth.V256));
        Assert.Null(Int64Requantizer.TryCreate(new OutputStage([-(1 << 30)], [-3], 0, -1, 1, RoundingMode.Double), 4, VectorWidth.V256));
        Assert.Null(Int64Requantizer.TryCreate(stage, 4, VectorWidth.V128));
    }
}
