using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>One input of a quantized concatenation: its values, extent along the axis, scale and zero point.</summary>
/// <param name="Data">The input's values.</param>
/// <param name="AxisExtent">The input's extent along the concatenation axis.</param>
/// <param name="Scale">The input's scale.</param>
/// <param name="ZeroPoint">The input's zero point.</param>
public readonly record struct ConcatenationInput<T>(ReadOnlyMemory<T> Data, int AxisExtent, float Scale, int ZeroPoint);

/// <summary>
/// TFLite's CONCATENATION with requantization (<c>reference_ops::ConcatenationWithScaling</c>): inputs whose scale and
/// zero point equal the output's are copied; the others are rescaled in float and rounded half away from zero.
/// </summary>
public static class QuantizedConcatenation
{
    /// <summary>Concatenates along an axis; <paramref name="outerSize"/> and <paramref name="innerSize"/> are the
    /// element counts before and after the axis.</summary>
    public static void Concatenate<T>(ReadOnlySpan<ConcatenationInput<T>> inputs, int outerSize, int innerSize,
        float outputScale, int outputZeroPoint, Span<T> output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        float inverseOutputScale = 1f / outputScale;
        int total = 0;
        foreach (var input in inputs)
        {
            ShapeChecks.Length(input.Data.Length, outerSize * input.AxisExtent * innerSize, "input");
            total += input.AxisExtent * innerSize;
        }
        ShapeChecks.Length(output.Length, outerSize * total, nameof(output));

        int position = 0;
        for (int k = 0; k < outerSize; k++)
        {
            foreach (var input in inputs)
            {
                int copySize = input.AxisExtent * innerSize;
                var source = input.Data.Span.Slice(k * copySize, copySize);
                var destination = output.Slice(position, copySize);
                position += copySize;
                if (input.ZeroPoint == outputZeroPoint && input.Scale == outputScale)
                {
                    source.CopyTo(destination);
                    continue;
                }
                float scale = input.Scale * inverseOutputScale;
                float bias = -input.ZeroPoint * scale;
                for (int j = 0; j < copySize; j++)
                {
                    int value = TfLiteMath.TruncateToInt32(TfLiteMath.Round(int.CreateTruncating(source[j]) * scale + bias))
                                + outputZeroPoint;
                    destination[j] = T.CreateTruncating(TfLiteMath.ClampToRange(value, min, max));
                }
            }
        }
    }
}
