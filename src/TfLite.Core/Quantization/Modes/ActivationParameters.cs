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

    /// <summary>The same scale with the zero point moved by 128: the uint8 twin of int8 parameters.</summary>
    public static QuantizationParameters ToUInt8(QuantizationParameters int8) =>
        QuantizationParameters.PerTensor(int8.Scale[0], int8.ZeroPoint[0] + 128);

    /// <summary>Parameters of TensorFlow 1's <c>quantized_input_stats</c> for uint8 inputs: scale 1/std, zero point
    /// mean.</summary>
    public static QuantizationParameters FromInputStats(float mean, float std) =>
        QuantizationParameters.PerTensor(1f / std, (long)MathF.Round(mean, MidpointRounding.AwayFromZero));
}
