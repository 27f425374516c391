using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>The integer kernels, and how they join the float kernels of the same operators.</summary>
internal static class QuantizedKernels
{
    private static readonly Dictionary<BuiltinOperator, IQuantizedKernel> Kernels = new()
    {
        [BuiltinOperator.Add] = new QuantizedAddSubKernel(subtract: false),
        [BuiltinOperator.AveragePool2D] = new QuantizedPool2DKernel(average: true),
        [BuiltinOperator.Concatenation] = new QuantizedConcatenationKernel(),
        [BuiltinOperator.Conv2D] = new QuantizedConv2DKernel(),
        [BuiltinOperator.DepthwiseConv2D] = new QuantizedDepthwiseConv2DKernel(),
        [BuiltinOperator.Elu] = QuantizedTableKernel.Elu(),
        [BuiltinOperator.FullyConnected] = new QuantizedFullyConnectedKernel(),
        [BuiltinOperator.Gelu] = QuantizedTableKernel.Gelu(),
        [BuiltinOperator.HardSwish] = new QuantizedHardSwishKernel(),
        [BuiltinOperator.LeakyRelu] = new QuantizedLeakyReluKernel(),
        [BuiltinOperator.Logistic] = new QuantizedSigmoidKernel(tanh: false),
        [BuiltinOperator.MaxPool2D] = new QuantizedPool2DKernel(average: false),
        [BuiltinOperator.Mean] = new QuantizedReduceKernel(sum: false),
        [BuiltinOperator.Mul] = new QuantizedMulKernel(),
        [BuiltinOperator.Prelu] = new QuantizedPreluKernel(),
        [BuiltinOperator.ReduceMax] = new QuantizedReduceExtremumKernel(max: true),
        [BuiltinOperator.ReduceMin] = new QuantizedReduceExtremumKernel(max: false),
        [BuiltinOperator.Quantize] = new QuantizedRequantizeKernel(),
        [BuiltinOperator.Relu] = new QuantizedReluKernel(0f, float.PositiveInfinity),
        [BuiltinOperator.Relu0To1] = new QuantizedReluKernel(0f, 1f),
        [BuiltinOperator.Relu6] = new QuantizedReluKernel(0f, 6f),
        [BuiltinOperator.ResizeBilinear] = new QuantizedResizeBilinearKernel(),
        [BuiltinOperator.ReluN1To1] = new QuantizedReluKernel(-1f, 1f),
        [BuiltinOperator.Softmax] = new QuantizedSoftmaxKernel(),
        [BuiltinOperator.Sub] = new QuantizedAddSubKernel(subtract: true),
        [BuiltinOperator.Sum] = new QuantizedReduceKernel(sum: true),
        [BuiltinOperator.Svdf] = new QuantizedSvdfKernel(),
        [BuiltinOperator.Tanh] = new QuantizedSigmoidKernel(tanh: true),
        [BuiltinOperator.TransposeConv] = new QuantizedTransposeConvKernel(),
        [BuiltinOperator.UnidirectionalSequenceLstm] = new QuantizedSequenceLstmKernel(),
    };

    /// <summary>
    /// Adds the integer kernels to a map of float kernels: an operator with both gets a kernel that routes each node
    /// by its tensor types; an operator with only an integer kernel gets that one.
    /// </summary>
    public static Dictionary<BuiltinOperator, IKernel> Attach(Dictionary<BuiltinOperator, IKernel> kernels)
    {
        foreach (var (code, quantized) in Kernels)
            kernels[code] = new TypeRoutedKernel(kernels.GetValueOrDefault(code), quantized);
        return kernels;
    }
}
