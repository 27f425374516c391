using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>The output stage of the convolution-family kernels, derived as TFLite's prepare steps do.</summary>
internal static class ConvolutionStage
{
    /// <summary>
    /// int8/int16 kernels: per-channel multipliers in double (TFLite's <c>PopulateConvolutionQuantizationParams</c>);
    /// uint8 kernels and per-tensor fully connected layers: one multiplier from the float product of the scales
    /// (<c>GetQuantizedConvolutionMultipler</c>); with <see cref="RoundingMode.Xnnpack"/>, 8-bit kernels scale in float32.
    /// </summary>
    public static OutputStage Create(OpNode node, RuntimeTensor input, RuntimeTensor filter, RuntimeTensor output,
        int channels, bool perTensorProduct = false)
    {
        var (min, max) = QuantizedTensors.ActivationRange(node, output);
        float inputScale = QuantizedTensors.Scale(node, input), outputScale = QuantizedTensors.Scale(node, output);
        int outputZeroPoint = QuantizedTensors.ZeroPoint(node, output);
        var filterScales = QuantizedTensors.Scales(node, filter);
        if (filterScales.Length != 1 && filterScales.Length != channels)
            throw node.Error("InvalidQuantization",
                $"{node.Describe()}: filter '{filter.Name}' has {filterScales.Length} scales for {channels} output channels.");
        // XNNPACK runs 8-bit kernels only; int16x8 stays with TFLite's builtin kernels.
        if (node.FloatRequantization && input.Type is TensorType.Int8 or TensorType.UInt8)
            return OutputStage.ForFloatConvolution(inputScale, filterScales, outputScale, channels, outputZeroPoint, min, max);
        if (filter.Type == TensorType.UInt8 || (perTensorProduct && filterScales.Length == 1))
            return OutputStage.ForPerTensorProduct(inputScale, filterScales[0], outputScale, outputZeroPoint, min, max, node.Rounding);
        return OutputStage.ForConvolution(inputScale, filterScales, outputScale, channels, outputZeroPoint, min, max, node.Rounding);
    }
}
