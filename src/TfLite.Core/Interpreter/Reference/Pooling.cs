namespace TfLite.Core.Interpreter.Reference;

/// <summary>Float AVERAGE/MAX/L2 pooling as TFLite's reference kernels: the window clipped to the image, summed
/// (or maxed) over filter rows then columns, the average dividing by the number of taps inside the image.</summary>
internal static class Pooling
{
    public enum Kind { Average, Max, L2 }

    public static void Float(Kind kind, in ConvParams p, ReadOnlySpan<int> inShape, ReadOnlySpan<float> input,
        ReadOnlySpan<int> outShape, Span<float> output)
    {
        int batches = inShape[0], inH = inShape[1], inW = inShape[2], depth = inShape[3];
        int outH = outShape[1], outW = outShape[2];
        for (int b = 0; b < batches; b++)
            for (int oy = 0; oy < outH; oy++)
                for (int ox = 0; ox < outW; ox++)
                    for (int c = 0; c < depth; c++)
                    {
                        int inX0 = ox * p.StrideW - p.PadW, inY0 = oy * p.StrideH - p.PadH;
                        int fxStart = Math.Max(0, -inX0), fxEnd = Math.Min(p.FilterW, inW - inX0);
                        int fyStart = Math.Max(0, -inY0), fyEnd = Math.Min(p.FilterH, inH - inY0);
                        float acc = kind == Kind.Max ? float.MinValue : 0f;
                        int count = 0;
                        for (int fy = fyStart; fy < fyEnd; fy++)
                            for (int fx = fxStart; fx < fxEnd; fx++)
                            {
                                float v = input[((b * inH + inY0 + fy) * inW + inX0 + fx) * depth + c];
                                switch (kind)
                                {
                                    case Kind.Average: acc += v; break;
                                    case Kind.Max: acc = acc < v ? v : acc; break;
                                    default: acc += v * v; break;
                                }
                                count++;
                            }
                        float result = kind switch
                        {
                            Kind.Average => acc / count,
                            Kind.Max => acc,
                            _ => MathF.Sqrt(acc / count),
                        };
                        output[((b * outH + oy) * outW + ox) * depth + c] = FloatActivation.Clamp(result, p.ActivationMin, p.ActivationMax);
                    }
    }
}
