namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// Float CONV_2D as TFLite's reference kernel computes it: for each output value, a sum over filter rows, filter
/// columns and input channels (in that order, skipping taps outside the image), then + bias, then the clamp.
/// Shapes are NHWC input, OHWI filter, NHWC output.
/// </summary>
internal static class Conv
{
    /// <summary>Scalar reference over output rows [rowStart, rowEnd) where a row is (batch, out_y).</summary>
    public static void Float(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<float> input,
        ReadOnlySpan<int> filterShape, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias,
        ReadOnlySpan<int> outShape, Span<float> output, int rowStart, int rowEnd)
    {
        int inH = inShape[1], inW = inShape[2], inC = inShape[3];
        int outH = outShape[1], outW = outShape[2], outC = outShape[3];
        int fH = filterShape[1], fW = filterShape[2], fC = filterShape[3];
        int groups = inC / fC, perGroup = outC / groups;
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / outH, oy = row % outH;
            for (int ox = 0; ox < outW; ox++)
            {
                int inY0 = oy * p.StrideH - p.PadH, inX0 = ox * p.StrideW - p.PadW;
                for (int oc = 0; oc < outC; oc++)
                {
                    int group = oc / perGroup;
                    float total = 0f;
                    for (int fy = 0; fy < fH; fy++)
                    {
                        int iy = inY0 + p.DilationH * fy;
                        for (int fx = 0; fx < fW; fx++)
                        {
                            int ix = inX0 + p.DilationW * fx;
                            if (ix < 0 || ix >= inW || iy < 0 || iy >= inH) continue;
                            int inBase = ((b * inH + iy) * inW + ix) * inC + group * fC;
                            int fBase = ((oc * fH + fy) * fW + fx) * fC;
                            for (int ic = 0; ic < fC; ic++) total += input[inBase + ic] * filter[fBase + ic];
                        }
                    }
                    float biasValue = bias.IsEmpty ? 0f : bias[oc];
                    output[((b * outH + oy) * outW + ox) * outC + oc] = FloatActivation.Clamp(total + biasValue, p.ActivationMin, p.ActivationMax);
                }
            }
        }
    }
}
