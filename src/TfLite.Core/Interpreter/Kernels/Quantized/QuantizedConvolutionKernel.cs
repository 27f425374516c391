namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>Base of the integer kernels whose inputs are (input, weights, bias?): CONV_2D, DEPTHWISE_CONV_2D and
/// FULLY_CONNECTED.</summary>
internal abstract class QuantizedConvolutionKernel : QuantizedKernel
{
    public override string? CheckSupport(OpNode node) =>
        ConvolutionDispatch.Check(node, node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0));
}
