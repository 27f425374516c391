namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// Hybrid (float activations, int8 weights) kernels as TFLite computes them: int32 dot products of the run-time
/// quantized input with the int8 weights, scaled back to float by input scale x weight scale.
/// </summary>
internal static class HybridMath
{
    /// <summary>FULLY_CONNECTED hybrid: out = bias + dot * (inputScale[b] * (perChannel ? scale[o] : 1)), with the
    /// weight scale already folded into <paramref name="batchScales"/> for per-tensor weights. Rows of
    /// <paramref name="output"/> must hold the bias (or zeros) on entry, as TFLite's kernel presets them.</summary>
    public static void MatrixBatchVectorMultiplyAccumulate(ReadOnlySpan<sbyte> weights, int rows, int cols,
        ReadOnlySpan<sbyte> vectors, ReadOnlySpan<float> batchScales, ReadOnlySpan<int> offsets, ReadOnlySpan<float> perChannelScale,
        Span<float> output, int batches)
    {
        for (int b = 0; b < batches; b++)
        {
            var x = vectors.Slice(b * cols, cols);
            int offset = offsets.IsEmpty ? 0 : offsets[b];
            for (int r = 0; r < rows; r++)
            {
                var w = weights.Slice(r * cols, cols);
                int dot = 0, rowSum = 0;
                for (int c = 0; c < cols; c++)
                {
                    dot += w[c] * x[c];
                    rowSum += w[c];
                }
                dot -= rowSum * offset;
                float scale = batchScales[b];
                if (!perChannelScale.IsEmpty) scale *= perChannelScale[r];
                output[b * rows + r] += dot * scale;
            }
        }
    }

    /// <summary>CONV_2D hybrid. Per-channel weights (TFLite's reference HybridConvPerChannel, asymmetric input rows):
    /// out = clamp(acc * channelScale * inputScale[b] + bias). Per-tensor weights (TFLite's HybridConv, empty
    /// <paramref name="channelScales"/> and offsets, weight scale folded into <paramref name="batchScales"/>):
    /// out = clamp((0 + acc * inputScale[b]) + bias).</summary>
    public static void Conv(in ConvParams p, ReadOnlySpan<float> batchScales, ReadOnlySpan<int> offsets,
        ReadOnlySpan<int> inShape, ReadOnlySpan<sbyte> input, ReadOnlySpan<int> filterShape, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<float> channelScales, ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape, Span<float> output)
    {
        int batches = inShape[0], inH = inShape[1], inW = inShape[2], inC = inShape[3];
        int outH = outShape[1], outW = outShape[2], outC = outShape[3];
        int fH = filterShape[1], fW = filterShape[2];
        bool perChannel = !channelScales.IsEmpty;
        for (int b = 0; b < batches; b++)
        {
            int offset = offsets.IsEmpty ? 0 : offsets[b];
            for (int oy = 0; oy < outH; oy++)
                for (int ox = 0; ox < outW; ox++)
                    for (int oc = 0; oc < outC; oc++)
                    {
                        int inY0 = oy * p.StrideH - p.PadH, inX0 = ox * p.StrideW - p.PadW;
                        int acc = 0;
                        for (int fy = 0; fy < fH; fy++)
                            for (int fx = 0; fx < fW; fx++)
                            {
                                int iy = inY0 + p.DilationH * fy, ix = inX0 + p.DilationW * fx;
                                if (ix < 0 || ix >= inW || iy < 0 || iy >= inH) continue;
                                int inBase = ((b * inH + iy) * inW + ix) * inC, fBase = ((oc * fH + fy) * fW + fx) * inC;
                                for (int ic = 0; ic < inC; ic++) acc += filter[fBase + ic] * (input[inBase + ic] - offset);
                            }
                        float value = perChannel ? acc * channelScales[oc] * batchScales[b] : 0f + acc * batchScales[b];
                        if (!bias.IsEmpty) value += bias[oc];
                        output[((b * outH + oy) * outW + ox) * outC + oc] = FloatActivation.Clamp(value, p.ActivationMin, p.ActivationMax);
                    }
        }
    }

    /// <summary>DEPTHWISE_CONV_2D hybrid per channel (TFLite's DepthwiseConvHybridPerChannel):
    /// out = clamp(acc * (channelScale * inputScale[b]) + bias).</summary>
    public static void DepthwiseConvPerChannel(in ConvParams p, ReadOnlySpan<float> batchScales, ReadOnlySpan<int> offsets,
        ReadOnlySpan<int> inShape, ReadOnlySpan<sbyte> input, ReadOnlySpan<int> filterShape, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<float> channelScales, ReadOnlySpan<float> bias, ReadOnlySpan<int> outShape, Span<float> output)
    {
        int batches = inShape[0], inH = inShape[1], inW = inShape[2], inC = inShape[3];
        int outH = outShape[1], outW = outShape[2], outC = outShape[3];
        int fH = filterShape[1], fW = filterShape[2], mult = p.DepthMultiplier;
        for (int b = 0; b < batches; b++)
            for (int oy = 0; oy < outH; oy++)
                for (int ox = 0; ox < outW; ox++)
                    for (int ic = 0; ic < inC; ic++)
                        for (int m = 0; m < mult; m++)
                        {
                            int oc = m + ic * mult;
                            int inY0 = oy * p.StrideH - p.PadH, inX0 = ox * p.StrideW - p.PadW;
                            int acc = 0;
                            for (int fy = 0; fy < fH; fy++)
                                for (int fx = 0; fx < fW; fx++)
                                {
                                    int iy = inY0 + p.DilationH * fy, ix = inX0 + p.DilationW * fx;
                                    if (ix < 0 || ix >= inW || iy < 0 || iy >= inH) continue;
                                    acc += filter[(fy * fW + fx) * outC + oc] * (input[((b * inH + iy) * inW + ix) * inC + ic] - offsets[b]);
                                }
                            float value = (float)acc;
                            value *= channelScales[oc] * batchScales[b];
                            if (!bias.IsEmpty) value += bias[oc];
                            output[((b * outH + oy) * outW + ox) * outC + oc] = FloatActivation.Clamp(value, p.ActivationMin, p.ActivationMax);
                        }
    }
}
