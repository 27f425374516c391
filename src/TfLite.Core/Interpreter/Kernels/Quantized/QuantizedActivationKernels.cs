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
        var (inScale, inZero) = (QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input));
        var (outScale, outZero) = (QuantizedTensors.Scale(node, output), QuantizedTensors.ZeroPoint(node, output));
        float alpha = node.GetOptions<LeakyReluOptions>().Alpha;
        // LiteRT hands 8-bit LEAKY_RELU to XNNPACK when its scales fit XNNPACK's 16-bit multipliers.
        if (node.FloatRequantization && input.Type != TensorType.Int16
            && XnnpackRescale.Create(inScale, inZero, outScale, outZero, alpha) is { } xnnpack)
            return xnnpack;
        return LeakyReluParams.Create(inScale, inZero, outScale, outZero, alpha, node.Rounding);
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner(node.State!), node.Input(0), node.Output(0));

    private readonly struct Runner(object state) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            if (state is XnnpackRescale xnnpack) xnnpack.Apply(x, y);
            else QuantizedLeakyRelu.LeakyRelu((LeakyReluParams)state, x, y);
        }
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
