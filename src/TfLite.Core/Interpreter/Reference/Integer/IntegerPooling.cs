using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Window geometry of a 2-D pooling (TFLite's <c>PoolParams</c>).</summary>
/// <param name="StrideHeight">Vertical stride.</param>
/// <param name="StrideWidth">Horizontal stride.</param>
/// <param name="FilterHeight">Window height.</param>
/// <param name="FilterWidth">Window width.</param>
/// <param name="PadHeight">Rows of padding before the first row (padding is never averaged in).</param>
/// <param name="PadWidth">Columns of padding before the first column.</param>
/// <param name="ActivationMin">Lower clamp in output units.</param>
/// <param name="ActivationMax">Upper clamp in output units.</param>
public readonly record struct QuantizedPoolParams(int StrideHeight, int StrideWidth, int FilterHeight, int FilterWidth,
    int PadHeight, int PadWidth, int ActivationMin, int ActivationMax);

/// <summary>
/// TFLite's quantized AVERAGE_POOL_2D and MAX_POOL_2D reference kernels (<c>reference_integer_ops</c>, and
/// <c>reference_ops</c> for uint8). Input and output share scale and zero point, so no requantization happens.
/// </summary>
public static class IntegerPooling
{
    /// <summary>
    /// Average over the window's in-bounds elements, rounded to nearest with ties away from zero.
    /// Returns false when some window holds no input element (TFLite's kernel then fails).
    /// </summary>
    public static bool AveragePool<T>(in QuantizedPoolParams p, Dims4 inputShape, ReadOnlySpan<T> input, Dims4 outputShape,
        Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        Check(inputShape, input.Length, outputShape, output.Length);
        for (int batch = 0; batch < outputShape.D0; batch++)
        for (int outY = 0; outY < outputShape.D1; outY++)
        for (int outX = 0; outX < outputShape.D2; outX++)
        {
            var (yStart, yEnd, xStart, xEnd, inY0, inX0) = Window(p, inputShape, outY, outX);
            int count = Math.Max(0, yEnd - yStart) * Math.Max(0, xEnd - xStart);
            if (count <= 0) return false;
            for (int channel = 0; channel < outputShape.D3; channel++)
            {
                int acc = 0;
                for (int fy = yStart; fy < yEnd; fy++)
                for (int fx = xStart; fx < xEnd; fx++)
                    acc += int.CreateTruncating(input[inputShape.Offset(batch, inY0 + fy, inX0 + fx, channel)]);
                acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                output[outputShape.Offset(batch, outY, outX, channel)] =
                    T.CreateTruncating(TfLiteMath.ClampToRange(acc, p.ActivationMin, p.ActivationMax));
            }
        }
        return true;
    }

    /// <summary>Maximum over the window's in-bounds elements, clamped to the activation range.</summary>
    public static void MaxPool<T>(in QuantizedPoolParams p, Dims4 inputShape, ReadOnlySpan<T> input, Dims4 outputShape,
        Span<T> output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        Check(inputShape, input.Length, outputShape, output.Length);
        for (int batch = 0; batch < outputShape.D0; batch++)
        for (int outY = 0; outY < outputShape.D1; outY++)
        for (int outX = 0; outX < outputShape.D2; outX++)
        {
            var (yStart, yEnd, xStart, xEnd, inY0, inX0) = Window(p, inputShape, outY, outX);
            for (int channel = 0; channel < outputShape.D3; channel++)
            {
                int max = int.CreateTruncating(T.MinValue);
                for (int fy = yStart; fy < yEnd; fy++)
                for (int fx = xStart; fx < xEnd; fx++)
                    max = Math.Max(max, int.CreateTruncating(input[inputShape.Offset(batch, inY0 + fy, inX0 + fx, channel)]));
                output[outputShape.Offset(batch, outY, outX, channel)] =
                    T.CreateTruncating(TfLiteMath.ClampToRange(max, p.ActivationMin, p.ActivationMax));
            }
        }
    }

    // The part of the window inside the input: filter ranges and the window's origin in the input.
    private static (int YStart, int YEnd, int XStart, int XEnd, int InY0, int InX0) Window(in QuantizedPoolParams p,
        Dims4 inputShape, int outY, int outX)
    {
        int inX0 = outX * p.StrideWidth - p.PadWidth;
        int inY0 = outY * p.StrideHeight - p.PadHeight;
        return (Math.Max(0, -inY0), Math.Min(p.FilterHeight, inputShape.D1 - inY0),
            Math.Max(0, -inX0), Math.Min(p.FilterWidth, inputShape.D2 - inX0), inY0, inX0);
    }

    private static void Check(Dims4 inputShape, int inputLength, Dims4 outputShape, int outputLength)
    {
        ShapeChecks.Equal(outputShape.D0, inputShape.D0, "Output batches vs input batches");
        ShapeChecks.Equal(outputShape.D3, inputShape.D3, "Output channels vs input channels");
        ShapeChecks.Length(inputLength, inputShape.FlatSize, "input");
        ShapeChecks.Length(outputLength, outputShape.FlatSize, "output");
    }
}
