using System.Numerics;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// TFLite's integer FULLY_CONNECTED reference kernels (<c>reference_integer_ops::FullyConnected</c>, per tensor or
/// per channel, and the uint8 <c>reference_ops::FullyConnected</c>): each output is the dot product of an input row
/// and a weight row <c>[outputDepth, accumDepth]</c>, plus bias, through the <see cref="OutputStage"/>.
/// </summary>
public static class IntegerFullyConnected
{
    /// <summary>
    /// Fully connected layer for int8 (int32 bias), 16x8 (int64 or int32 bias) and uint8 inputs; the accumulator
    /// type is the bias's.
    /// </summary>
    public static void FullyConnected<TIn, TFilter, TAcc, TOut>(int inputOffset, int filterOffset,
        in OutputStage stage, int batches, int accumDepth, int outputDepth, ReadOnlySpan<TIn> input,
        ReadOnlySpan<TFilter> filter, ReadOnlySpan<TAcc> bias, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TFilter : unmanaged, IBinaryInteger<TFilter>
        where TAcc : unmanaged, IBinaryInteger<TAcc>
        where TOut : unmanaged, IBinaryInteger<TOut>
    {
        ShapeChecks.Length(input.Length, batches * accumDepth, nameof(input));
        ShapeChecks.Length(filter.Length, outputDepth * accumDepth, nameof(filter));
        ShapeChecks.Length(output.Length, batches * outputDepth, nameof(output));
        ShapeChecks.Bias(bias.Length, outputDepth);

        for (int b = 0; b < batches; b++)
        {
            var row = input.Slice(b * accumDepth, accumDepth);
            for (int outChannel = 0; outChannel < outputDepth; outChannel++)
            {
                var weights = filter.Slice(outChannel * accumDepth, accumDepth);
                TAcc acc = TAcc.Zero;
                for (int d = 0; d < accumDepth; d++)
                {
                    int product = unchecked((int.CreateTruncating(weights[d]) + filterOffset) *
                                            (int.CreateTruncating(row[d]) + inputOffset));
                    acc = unchecked(acc + TAcc.CreateTruncating(product));
                }
                if (!bias.IsEmpty) acc = unchecked(acc + bias[outChannel]);
                output[b * outputDepth + outChannel] = TOut.CreateTruncating(stage.Apply(acc, outChannel));
            }
        }
    }
}
