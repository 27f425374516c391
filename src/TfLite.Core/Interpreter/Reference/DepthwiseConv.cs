using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// Float DEPTHWISE_CONV_2D as TFLite's reference kernel: output channel oc = ic * multiplier + m sums over filter
/// rows then columns (skipping taps outside the image), then + bias, then the clamp. Filter shape [1, H, W, OC].
/// </summary>
internal static class DepthwiseConv
{
    public static void Float(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<float> input,
        ReadOnlySpan<int> filterShape, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias,
        ReadOnlySpan<int> outShape, Span<float> output, int rowStart, int rowEnd)
    {
        int inH = inShape[1], inW = inShape[2], inC = inShape[3];
        int outH = outShape[1], outW = outShape[2], outC = outShape[3];
        int fH = filterShape[1], fW = filterShape[2], mult = p.DepthMultiplier;
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / outH, oy = row % outH;
            for (int ox = 0; ox < outW; ox++)
            {
                int inY0 = oy * p.StrideH - p.PadH, inX0 = ox * p.StrideW - p.PadW;
                for (int ic = 0; ic < inC; ic++)
                    for (int m = 0; m < mult; m++)
                    {
                        int oc = m + ic * mult;
                        float total = 0f;
                        for (int fy = 0; fy < fH; fy++)
                        {
                            int iy = inY0 + p.DilationH * fy;
                            for (int fx = 0; fx < fW; fx++)
                            {
                                int ix = inX0 + p.DilationW * fx;
                                if (ix < 0 || ix >= inW || iy < 0 || iy >= inH) continue;
                                total += input[((b * inH + iy) * inW + ix) * inC + ic] * filter[(fy * fW + fx) * outC + oc];
                            }
                        }
                        float biasValue = bias.IsEmpty ? 0f : bias[oc];
                        output[((b * outH + oy) * outW + ox) * outC + oc] = FloatActivation.Clamp(total + biasValue, p.ActivationMin, p.ActivationMax);
                    }
            }
        }
    }

    /// <summary>The same sums vectorized across output channels (bias of zeros when the op has none). With a
    /// multiplier above 1 each input row is first spread to output-channel order.</summary>
    public static void FloatAcrossChannels(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<float> input,
        ReadOnlySpan<int> filterShape, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias,
        ReadOnlySpan<int> outShape, Span<float> output, int rowStart, int rowEnd, bool simd = true)
    {
        int inH = inShape[1], inW = inShape[2], inC = inShape[3];
        int outH = outShape[1], outW = outShape[2], outC = outShape[3];
        int fH = filterShape[1], fW = filterShape[2], mult = p.DepthMultiplier;
        Span<float> spread = mult == 1 ? default : new float[outC];
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / outH, oy = row % outH;
            for (int ox = 0; ox < outW; ox++)
            {
                int inY0 = oy * p.StrideH - p.PadH, inX0 = ox * p.StrideW - p.PadW;
                var acc = output.Slice(((b * outH + oy) * outW + ox) * outC, outC);
                acc.Clear();
                for (int fy = 0; fy < fH; fy++)
                {
                    int iy = inY0 + p.DilationH * fy;
                    for (int fx = 0; fx < fW; fx++)
                    {
                        int ix = inX0 + p.DilationW * fx;
                        if (ix < 0 || ix >= inW || iy < 0 || iy >= inH) continue;
                        var inRow = input.Slice(((b * inH + iy) * inW + ix) * inC, inC);
                        if (mult != 1)
                        {
                            for (int oc = 0; oc < outC; oc++) spread[oc] = inRow[oc / mult];
                            inRow = spread;
                        }
                        SimdDriver.MultiplyAccumulate(acc, inRow, filter.Slice((fy * fW + fx) * outC, outC), simd);
                    }
                }
                SimdDriver.BiasAndClamp(acc, bias, p.ActivationMin, p.ActivationMax, acc, simd);
            }
        }
    }
}
