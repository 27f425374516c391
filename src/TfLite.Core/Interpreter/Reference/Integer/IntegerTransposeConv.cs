using System.Numerics;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// TFLite's integer TRANSPOSE_CONV reference kernels (<c>reference_integer_ops::TransposeConv</c>): every input
/// element scatters its products with an OHWI filter into an accumulator per output element, which then goes through
/// bias and the <see cref="OutputStage"/>. Dilation is not part of TFLite's transpose convolution.
/// </summary>
public static class IntegerTransposeConv
{
    /// <summary>
    /// Transpose convolution for int8 (int32 bias) and 16x8 (int64 or int32 bias) inputs; the accumulator type is the
    /// bias's.
    /// </summary>
    public static void TransposeConv<TIn, TFilter, TAcc, TOut>(in QuantizedConvParams p, in OutputStage stage,
        Dims4 inputShape, ReadOnlySpan<TIn> input, Dims4 filterShape, ReadOnlySpan<TFilter> filter,
        ReadOnlySpan<TAcc> bias, Dims4 outputShape, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TFilter : unmanaged, IBinaryInteger<TFilter>
        where TAcc : unmanaged, IBinaryInteger<TAcc>
        where TOut : unmanaged, IBinaryInteger<TOut>
    {
        int inputDepth = inputShape.D3, outputDepth = outputShape.D3;
        ShapeChecks.Equal(filterShape.D3, inputDepth, "Filter input channels vs input channels");
        ShapeChecks.Equal(filterShape.D0, outputDepth, "Filter outputs vs output channels");
        ShapeChecks.Equal(outputShape.D0, inputShape.D0, "Output batches vs input batches");
        ShapeChecks.Length(input.Length, inputShape.FlatSize, nameof(input));
        ShapeChecks.Length(filter.Length, filterShape.FlatSize, nameof(filter));
        ShapeChecks.Length(output.Length, outputShape.FlatSize, nameof(output));
        ShapeChecks.Bias(bias.Length, outputDepth);

        var scratch = new TAcc[outputShape.FlatSize];
        for (int batch = 0; batch < inputShape.D0; batch++)
        for (int inY = 0; inY < inputShape.D1; inY++)
        for (int inX = 0; inX < inputShape.D2; inX++)
        for (int inChannel = 0; inChannel < inputDepth; inChannel++)
        {
            int inputValue = int.CreateTruncating(input[inputShape.Offset(batch, inY, inX, inChannel)]) + p.InputOffset;
            int outXOrigin = inX * p.StrideWidth - p.PadWidth;
            int outYOrigin = inY * p.StrideHeight - p.PadHeight;
            for (int filterY = 0; filterY < filterShape.D1; filterY++)
            {
                int outY = outYOrigin + filterY;
                if (outY < 0 || outY >= outputShape.D1) continue;
                for (int filterX = 0; filterX < filterShape.D2; filterX++)
                {
                    int outX = outXOrigin + filterX;
                    if (outX < 0 || outX >= outputShape.D2) continue;
                    int outBase = outputShape.Offset(batch, outY, outX, 0);
                    for (int outChannel = 0; outChannel < outputDepth; outChannel++)
                    {
                        int filterValue = int.CreateTruncating(filter[filterShape.Offset(outChannel, filterY, filterX, inChannel)]) + p.FilterOffset;
                        scratch[outBase + outChannel] =
                            unchecked(scratch[outBase + outChannel] + TAcc.CreateTruncating(unchecked(inputValue * filterValue)));
                    }
                }
            }
        }

        for (int i = 0; i < scratch.Length; i++)
        {
            int outChannel = i % outputDepth;
            TAcc acc = bias.IsEmpty ? scratch[i] : unchecked(scratch[i] + bias[outChannel]);
            output[i] = TOut.CreateTruncating(stage.Apply(acc, outChannel));
        }
    }
}
