using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>Scale and zero point of activations from a range, as TensorFlow's converter chooses them.</summary>
internal static class ActivationParameters
{
    /// <summary>
    /// Int8: asymmetric over [-128, 127] after widening the range to contain 0; scale = (max - min) / 255 and the
    /// zero point -128 - min / scale rounded half away from zero, both in float32 as TensorFlow's quantizer does.
    /// Int16: symmetric, scale = max(|min|, |max|) / 32767, zero point 0. A zero range gets scale 1.
    /// </summary>
    public static QuantizationParameters FromRange(float min, float max, TensorType activations)
    {
        min = MathF.Min(min, 0f);
        max = MathF.Max(max, 0f);
        if (activations == TensorType.Int16)
        {
            var absMax = MathF.Max(-min, max);
            return QuantizationParameters.PerTensor(absMax > 0 ? absMax / 32767f : 1f, 0);
        }
        if (max - min <= 0f) return QuantizationParameters.PerTensor(1f, -128);
        var scale = (max - min) / 255f;
        var zeroFromMin = -128f - min / scale;
        var zero = zeroFromMin < -128f ? -128 : zeroFromMin > 127f ? 127 : (int)MathF.Round(zeroFromMin, MidpointRounding.AwayFromZero);
        return QuantizationParameters.PerTensor(scale, zero);
    }

    /// <summary>
    /// Parameters of a range recorded by quantization-aware training (FakeQuant nodes). Int8: TensorFlow 1's converter
    /// (TOCO) puts such a range on the uint8 grid in double precision: scale = (max - min) / 255, the zero point from
    /// whichever end adds the smaller rounding error (0 - min / scale or 255 - max / scale), clamped to [0, 255] and
    /// rounded half away from zero; the int8 tensor takes the same scale and that zero point - 128. A nudged FakeQuant
    /// range then keeps its own grid, and a half-step zero point (a symmetric range) rounds as TOCO's does. Int16 as
    /// <see cref="FromRange"/>.
    /// </summary>
    public static QuantizationParameters FromTrainedRange(float min, float max, TensorType activations)
    {
        if (activations == TensorType.Int16) return FromRange(min, max, activations);
        double low = Math.Min(min, 0.0), high = Math.Max(max, 0.0);
        if (high - low <= 0) return QuantizationParameters.PerTensor(1f, -128);
        var scale = (high - low) / 255.0;
        var zero = Math.Abs(low / scale) < 255 + Math.Abs(high / scale) ? -low / scale : 255 - high / scale;
        var nudged = zero < 0 ? 0 : zero > 255 ? 255 : (long)Math.Round(zero, MidpointRounding.AwayFromZero);
        return QuantizationParameters.PerTensor((float)scale, nudged - 128);
    }

    /// <summary>The same scale with the zero point moved by 128: the uint8 twin of int8 parameters.</summary>
    public static QuantizationParameters ToUInt8(QuantizationParameters int8) =>
        QuantizationParameters.PerTensor(int8.Scale[0], int8.ZeroPoint[0] + 128);

    /// <summary>Parameters of TensorFlow 1's <c>quantized_input_stats</c> for uint8 inputs: scale 1/std, zero point
    /// mean.</summary>
    public static QuantizationParameters FromInputStats(float mean, float std) =>
        QuantizationParameters.PerTensor(1f / std, (long)MathF.Round(mean, MidpointRounding.AwayFromZero));
}
