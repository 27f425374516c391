using TfLite.Core.Interpreter.Reference.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>
/// The quantized mean's sums over every kind of axis set: one run of adjacent axes (summed as a block) and axes
/// with a kept dimension between them (the general walk), against sums written out plainly over a 4-D index.
/// </summary>
public class QuantizedReduceAxesTests
{
    [Theory]
    [InlineData(new[] { 1, 2 })]
    [InlineData(new[] { 2, 1 })]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { -1 })]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 1, 2, 3 })]
    [InlineData(new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { 1, 3 })]
    [InlineData(new[] { 0, 2 })]
    public void MeanSameScale_EqualsPlainSums(int[] axes)
    {
        int[] shape = [2, 5, 3, 7];
        var random = new Random(axes.Sum() * 17 + axes.Length);
        var input = Enumerable.Range(0, 2 * 5 * 3 * 7).Select(i => i % 9 == 0 ? (sbyte)-128 : (sbyte)random.Next(-128, 128)).ToArray();
        var reduced = axes.Select(a => a < 0 ? a + 4 : a).ToHashSet();
        // Sums keyed by the kept coordinates, in row-major order of the kept dimensions.
        var sums = new Dictionary<(int, int, int, int), int>();
        int count = 1;
        for (int d = 0; d < 4; d++) if (reduced.Contains(d)) count *= shape[d];
        for (int a = 0; a < shape[0]; a++)
        for (int b = 0; b < shape[1]; b++)
        for (int c = 0; c < shape[2]; c++)
        for (int e = 0; e < shape[3]; e++)
        {
            var key = (reduced.Contains(0) ? 0 : a, reduced.Contains(1) ? 0 : b, reduced.Contains(2) ? 0 : c, reduced.Contains(3) ? 0 : e);
            sums[key] = sums.GetValueOrDefault(key) + input[((a * shape[1] + b) * shape[2] + c) * shape[3] + e];
        }
        var expected = sums.OrderBy(kv => kv.Key).Select(kv => (sbyte)(kv.Value / count)).ToArray();
        var output = new sbyte[expected.Length];
        QuantizedReduce.MeanSameScale<sbyte>(shape, input, axes, output);
        Assert.Equal(expected, output);
    }
}
