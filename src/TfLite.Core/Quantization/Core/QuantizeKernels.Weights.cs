namespace TfLite.Core.Quantization;

public static partial class QuantizeKernels
{
    /// <summary>
    /// Quantizes weights symmetrically the way TensorFlow's converter does, bit for bit with its files: per channel
    /// along <paramref name="axis"/> (or for the whole tensor when it is null) the scale is max|w| / qmax computed in
    /// double (1 for an all-zero channel), each value becomes round(w / scale) in double with ties away from zero,
    /// clamped to [-qmax, qmax], zero point 0. The stored scales are the double scales rounded to float32; the
    /// division uses the unrounded double, as TensorFlow's does.
    /// </summary>
    /// <param name="weights">Float weights of a tensor of <paramref name="shape"/>.</param>
    /// <param name="destination">Quantized weights, same length.</param>
    /// <param name="shape">The weight tensor's shape.</param>
    /// <param name="axis">The channel axis (TFLite's <c>quantized_dimension</c>), or null for one scale.</param>
    /// <param name="scales">Receives one scale per channel (one in all when <paramref name="axis"/> is null).</param>
    /// <param name="qmax">127 for int8 weights.</param>
    public static void QuantizeSymmetricWeights(ReadOnlySpan<float> weights, Span<sbyte> destination, ReadOnlySpan<int> shape, int? axis,
        Span<float> scales, int qmax = QuantizationParameterChooser.Int8Max)
    {
        var layout = axis is { } a ? ChannelLayout.Of(shape, a) : new ChannelLayout(1, 1, weights.Length);
        layout.Require(weights.Length, destination.Length, scales.Length, 0);
        if (qmax < 1 || qmax > sbyte.MaxValue) throw new ArgumentOutOfRangeException(nameof(qmax), qmax, "qmax must lie in [1, 127].");
        Span<float> absMax = layout.Channels <= 1024 ? stackalloc float[layout.Channels] : new float[layout.Channels];
        ChannelAbsMax(weights, layout, absMax);
        int inner = layout.Inner, at = 0;
        Span<double> scale = layout.Channels <= 1024 ? stackalloc double[layout.Channels] : new double[layout.Channels];
        for (int c = 0; c < layout.Channels; c++)
        {
            scale[c] = absMax[c] > 0f ? absMax[c] / (double)qmax : 1.0;
            scales[c] = (float)scale[c];
        }
        for (int o = 0; o < layout.Outer; o++)
            for (int c = 0; c < layout.Channels; c++, at += inner)
                QuantizeDriver.Run(weights.Slice(at, inner), destination.Slice(at, inner), new Float64Lanes(scale[c], 0, -qmax, qmax));
    }

    private static void ChannelAbsMax(ReadOnlySpan<float> weights, ChannelLayout layout, Span<float> absMax)
    {
        absMax.Clear();
        int inner = layout.Inner, at = 0;
        for (int o = 0; o < layout.Outer; o++)
            for (int c = 0; c < layout.Channels; c++, at += inner)
                absMax[c] = Greater(AbsMaxRun(weights.Slice(at, inner), true), absMax[c]);
    }
}
