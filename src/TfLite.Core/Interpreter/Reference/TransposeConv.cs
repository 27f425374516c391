namespace TfLite.Core.Interpreter.Reference;

/// <summary>Float TRANSPOSE_CONV as TFLite's reference kernel: each input value scattered through the filter into
/// the output (input rows, columns, channels, then filter rows, columns, output channels), then + bias and the clamp.
/// Filter OHWI.</summary>
internal static class TransposeConv
{
    public static void Float(in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<float> input, ReadOnlySpan<int> filterShape, ReadOnlySpan<float> filter,
        ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape, Span<float> output)
    {
        int batches = inShape[0], inH = inShape[1], inW = inShape[2], inC = inShape[3];
        int outH = outShape[1], outW = outShape[2], outC = outShape[3];
        int fH = filterShape[1], fW = filterShape[2];
        output.Clear();
        for (int b = 0; b < batches; b++)
            for (int iy = 0; iy < inH; iy++)
                for (int ix = 0; ix < inW; ix++)
                    for (int ic = 0; ic < inC; ic++)
                    {
                        int oy0 = iy * p.StrideH - p.PadH, ox0 = ix * p.StrideW - p.PadW;
                        float v = input[((b * inH + iy) * inW + ix) * inC + ic];
                        for (int fy = 0; fy < fH; fy++)
                            for (int fx = 0; fx < fW; fx++)
                            {
                                int oy = oy0 + fy, ox = ox0 + fx;
                                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
                                for (int oc = 0; oc < outC; oc++)
                                    output[((b * outH + oy) * outW + ox) * outC + oc] += v * filter[((oc * fH + fy) * fW + fx) * inC + ic];
                            }
                    }
        for (int i = 0; i < output.Length; i++)
        {
            float value = bias.IsEmpty ? output[i] : output[i] + bias[i % outC];
            output[i] = FloatActivation.Clamp(value, p.ActivationMin, p.ActivationMax);
        }
    }
}
