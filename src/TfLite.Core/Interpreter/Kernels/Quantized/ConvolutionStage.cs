using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>The output stage of the convolution-family kernels, derived as TFLite's prepare steps do.</summary>
internal static class ConvolutionStage
{
    /// <summary>
    /// int8/int16 kernels: per-channel multipliers in double (TFLite's <c>PopulateConvolutionQuantizationParams</c>);
    /// uint8 kernels and per-tensor fully connected layers: one multiplier from the float product of the scales
    /// (<c>GetQuantizedConvolutionMultipler</c>); with <see cref="RoundingMode.Xnnpack"/>, what LiteRT runs.
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
        var rounding = node.Rounding;
        if (node.FloatRequantization && input.Type is TensorType.Int8 or TensorType.UInt8)
        {
            // LiteRT's XNNPACK delegate takes 8-bit kernels only, and a TRANSPOSE_CONV only with a constant output
            // shape; the others run TFLite's builtin kernel, built there with the default double rounding.
            if (node.Code != BuiltinOperator.TransposeConv || node.Input(0).IsConstant)
                return OutputStage.ForFloatConvolution(inputScale, filterScales, outputScale, channels, outputZeroPoint, min, max);
            rounding = RoundingMode.Double;
        }
        if (filter.Type == TensorType.UInt8 || (perTensorProduct && filterScales.Length == 1))
            return OutputStage.ForPerTensorProduct(inputScale, filterScales[0], outputScale, outputZeroPoint, min, max, rounding);
        return OutputStage.ForConvolution(inputScale, filterScales, outputScale, channels, outputZeroPoint, min, max, rounding);
    }
}
