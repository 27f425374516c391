using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>LEAKY_RELU for int8, uint8 and int16 tensors.</summary>
internal sealed class QuantizedLeakyReluKernel() : QuantizedElementwiseKernel(TensorType.Int8, TensorType.UInt8, TensorType.Int16)
{
    protected override object CreateState(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        return LeakyReluParams.Create(QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input),
            QuantizedTensors.Scale(node, output), QuantizedTensors.ZeroPoint(node, output),
            node.GetOptions<LeakyReluOptions>().Alpha, node.Rounding);
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner((LeakyReluParams)node.State!), node.Input(0), node.Output(0));

    private readonly struct Runner(LeakyReluParams p) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => QuantizedLeakyRelu.LeakyRelu(p, x, y);
    }
}

/// <summary>HARD_SWISH for int8 and uint8 tensors.</summary>
internal sealed class QuantizedHardSwishKernel() : QuantizedElementwiseKernel(TensorType.Int8, TensorType.UInt8)
{
    protected override object CreateState(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        return HardSwishParams.Create(QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input),
            QuantizedTensors.Scale(node, output), QuantizedTensors.ZeroPoint(node, output));
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner((HardSwishParams)node.State!), node.Input(0), node.Output(0));

    private readonly struct Runner(HardSwishParams p) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => QuantizedHardSwish.HardSwish(p, x, y);
    }
}

/// <summary>RELU, RELU6, RELU_N1_TO_1 and RELU_0_TO_1 for int8, uint8 and int16 tensors: requantize, then clamp to
/// [<paramref name="min"/>, <paramref name="max"/>] (real values).</summary>
internal sealed class QuantizedReluKernel(float min, float max)
    : QuantizedElementwiseKernel(TensorType.Int8, TensorType.UInt8, TensorType.Int16)
{
    protected override object CreateState(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        var (typeMin, typeMax) = QuantizedTensors.TypeRange(output.Type);
        return ReluParams.Create(QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input),
            QuantizedTensors.Scale(node, output), QuantizedTensors.ZeroPoint(node, output), min, max, typeMin, typeMax,
            node.Rounding);
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner((ReluParams)node.State!), node.Input(0), node.Output(0));

    private readonly struct Runner(ReluParams p) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => QuantizedRelu.ReluX(p, x, y);
    }
}
