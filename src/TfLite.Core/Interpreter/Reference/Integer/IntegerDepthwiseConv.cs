using System.Numerics;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// TFLite's integer DEPTHWISE_CONV_2D reference kernels (<c>reference_integer_ops::DepthwiseConvPerChannel</c>):
/// NHWC input, 1HWO filter where output channel <c>c * multiplier + m</c> reads input channel <c>c</c>.
/// </summary>
public static class IntegerDepthwiseConv
{
    /// <summary>
    /// Depthwise convolution for int8 (int32 bias), 16x8 (int64 or int32 bias) and uint8 inputs; the accumulator type
    /// is the bias's.
    /// </summary>
    public static void DepthwiseConv<TIn, TFilter, TAcc, TOut>(in QuantizedConvParams p, int depthMultiplier,
        in OutputStage stage, Dims4 inputShape, ReadOnlySpan<TIn> input, Dims4 filterShape,
        ReadOnlySpan<TFilter> filter, ReadOnlySpan<TAcc> bias, Dims4 outputShape, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TFilter : unmanaged, IBinaryInteger<TFilter>
        where TAcc : unmanaged, IBinaryInteger<TAcc>
        where TOut : unmanaged, IBinaryInteger<TOut>
    {
        int inputDepth = inputShape.D3, outputDepth = outputShape.D3;
        ShapeChecks.Equal(filterShape.D3, outputDepth, "Filter channels vs output channels");
        ShapeChecks.Equal(outputDepth, inputDepth * depthMultiplier, "Output channels vs input channels x multiplier");
        ShapeChecks.Equal(outputShape.D0, inputShape.D0, "Output batches vs input batches");
        ShapeChecks.Length(input.Length, inputShape.FlatSize, nameof(input));
        ShapeChecks.Length(filter.Length, filterShape.FlatSize, nameof(filter));
        ShapeChecks.Length(output.Length, outputShape.FlatSize, nameof(output));
        ShapeChecks.Bias(bias.Length, outputDepth);

        for (int batch = 0; batch < outputShape.D0; batch++)
        for (int outY = 0; outY < outputShape.D1; outY++)
        for (int outX = 0; outX < outputShape.D2; outX++)
        for (int inChannel = 0; inChannel < inputDepth; inChannel++)
        for (int m = 0; m < depthMultiplier; m++)
        {
            int outChannel = m + inChannel * depthMultiplier;
            int inXOrigin = outX * p.StrideWidth - p.PadWidth;
            int inYOrigin = outY * p.StrideHeight - p.PadHeight;
            TAcc acc = TAcc.Zero;
            for (int filterY = 0; filterY < filterShape.D1; filterY++)
            {
                int inY = inYOrigin + p.DilationHeight * filterY;
                if (inY < 0 || inY >= inputShape.D1) continue;
                for (int filterX = 0; filterX < filterShape.D2; filterX++)
                {
                    int inX = inXOrigin + p.DilationWidth * filterX;
                    if (inX < 0 || inX >= inputShape.D2) continue;
                    int inputValue = int.CreateTruncating(input[inputShape.Offset(batch, inY, inX, inChannel)]) + p.InputOffset;
                    int filterValue = int.CreateTruncating(filter[filterShape.Offset(0, filterY, filterX, outChannel)]) + p.FilterOffset;
                    acc = unchecked(acc + TAcc.CreateTruncating(unchecked(filterValue * inputValue)));
                }
            }
            if (!bias.IsEmpty) acc = unchecked(acc + bias[outChannel]);
            output[outputShape.Offset(batch, outY, outX, outChannel)] = TOut.CreateTruncating(stage.Apply(acc, outChannel));
        }
    }
}
