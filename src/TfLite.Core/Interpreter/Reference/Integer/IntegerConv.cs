using System.Numerics;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// TFLite's integer CONV_2D reference kernels (<c>reference_integer_ops::ConvPerChannel</c> and the uint8
/// <c>reference_ops::Conv</c>): NHWC input, OHWI filter (grouped when the filter has fewer input channels than the
/// input), accumulation in 32 or 64 bits, then the <see cref="OutputStage"/>.
/// </summary>
public static class IntegerConv
{
    /// <summary>
    /// Convolves: int8 input and filter with int32 bias (per-channel), int16 input with int8 filter and int64 or int32
    /// bias (16x8), or uint8 input and filter with a filter offset (per-tensor). The accumulator type is the bias's.
    /// </summary>
    public static void Conv<TIn, TFilter, TAcc, TOut>(in QuantizedConvParams p, in OutputStage stage,
        Dims4 inputShape, ReadOnlySpan<TIn> input, Dims4 filterShape, ReadOnlySpan<TFilter> filter,
        ReadOnlySpan<TAcc> bias, Dims4 outputShape, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TFilter : unmanaged, IBinaryInteger<TFilter>
        where TAcc : unmanaged, IBinaryInteger<TAcc>
        where TOut : unmanaged, IBinaryInteger<TOut>
    {
        int inputDepth = inputShape.D3, outputDepth = filterShape.D0, filterInputDepth = filterShape.D3;
        ShapeChecks.Equal(outputShape.D3, outputDepth, "Output channels vs filter outputs");
        ShapeChecks.Equal(outputShape.D0, inputShape.D0, "Output batches vs input batches");
        if (filterInputDepth <= 0 || inputDepth % filterInputDepth != 0)
            throw new ArgumentException($"Input depth {inputDepth} is not a multiple of the filter depth {filterInputDepth}.");
        ShapeChecks.Length(input.Length, inputShape.FlatSize, nameof(input));
        ShapeChecks.Length(filter.Length, filterShape.FlatSize, nameof(filter));
        ShapeChecks.Length(output.Length, outputShape.FlatSize, nameof(output));
        ShapeChecks.Bias(bias.Length, outputDepth);

        int filtersPerGroup = outputDepth / (inputDepth / filterInputDepth);
        for (int batch = 0; batch < outputShape.D0; batch++)
        for (int outY = 0; outY < outputShape.D1; outY++)
        {
            int inYOrigin = outY * p.StrideHeight - p.PadHeight;
            for (int outX = 0; outX < outputShape.D2; outX++)
            {
                int inXOrigin = outX * p.StrideWidth - p.PadWidth;
                for (int outChannel = 0; outChannel < outputDepth; outChannel++)
                {
                    int inputChannelBase = outChannel / filtersPerGroup * filterInputDepth;
                    TAcc acc = TAcc.Zero;
                    for (int filterY = 0; filterY < filterShape.D1; filterY++)
                    {
                        int inY = inYOrigin + p.DilationHeight * filterY;
                        if (inY < 0 || inY >= inputShape.D1) continue;
                        for (int filterX = 0; filterX < filterShape.D2; filterX++)
                        {
                            int inX = inXOrigin + p.DilationWidth * filterX;
                            if (inX < 0 || inX >= inputShape.D2) continue;
                            int inputBase = inputShape.Offset(batch, inY, inX, inputChannelBase);
                            int filterBase = filterShape.Offset(outChannel, filterY, filterX, 0);
                            for (int c = 0; c < filterInputDepth; c++)
                            {
                                int inputValue = int.CreateTruncating(input[inputBase + c]) + p.InputOffset;
                                int filterValue = int.CreateTruncating(filter[filterBase + c]) + p.FilterOffset;
                                acc = unchecked(acc + TAcc.CreateTruncating(unchecked(filterValue * inputValue)));
                            }
                        }
                    }
                    if (!bias.IsEmpty) acc = unchecked(acc + bias[outChannel]);
                    output[outputShape.Offset(batch, outY, outX, outChannel)] =
                        TOut.CreateTruncating(stage.Apply(acc, outChannel));
                }
            }
        }
    }
}
