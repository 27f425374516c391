using TfLite.Core.Interpreter.Simd.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>
/// The int16 dot products of the int8 GEMM at every width (Vector512 where AVX-512BW is present and the padded depth
/// is a multiple of 32, otherwise narrower) against sums written out plainly, for row counts with and without a
/// remainder of the four-row blocks and depths that do and do not fill the vectors.
/// </summary>
public class Int8MatrixDotTests
{
    [Theory]
    [InlineData(128, 128)]
    [InlineData(256, 9)]
    [InlineData(96, 7)]
    [InlineData(100, 6)]
    [InlineData(64, 5)]
    [InlineData(7, 3)]
    [InlineData(32, 1)]
    public void DotRows_EqualsPlainSums(int depth, int rows)
    {
        var random = new Random(depth * 31 + rows);
        var weights = Enumerable.Range(0, rows * depth).Select(i => i % 13 == 0 ? (sbyte)-128 : (sbyte)random.Next(-128, 128)).ToArray();
        var matrix = PackedInt8Matrix.Pack(weights, rows, depth);
        // Inputs as the convolution gathers them: int8 plus an offset in [-255, 255]; the extremes included.
        var input = new short[matrix.Stride];
        for (int k = 0; k < depth; k++) input[k] = (short)(k % 7 == 0 ? -255 : k % 7 == 1 ? 255 : random.Next(-255, 256));
        var expected = new int[rows];
        for (int r = 0; r < rows; r++)
        for (int k = 0; k < depth; k++)
            expected[r] += input[k] * weights[r * depth + k];
        foreach (var width in new[] { VectorWidth.V512, VectorWidth.V256, VectorWidth.V128, VectorWidth.Scalar })
        {
            var sums = new int[rows];
            Int8MatrixDot.DotRows(input, matrix, sums, width);
            Assert.True(expected.SequenceEqual(sums), $"{width}: [{string.Join(", ", sums)}] vs [{string.Join(", ", expected)}]");
        }
    }
}
