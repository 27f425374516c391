using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>PRELU for int8 and uint8 tensors, alpha broadcasting against the input.</summary>
internal sealed class QuantizedPreluKernel : QuantizedKernel
{
    public override string? CheckSupport(OpNode node) =>
        node.Input(1).Type != node.Input(0).Type
            ? "input and alpha must have one type"
            : TypeDispatch.CheckSameType(node, TensorType.Int8, TensorType.UInt8) ?? QuantizedTensors.CheckQuantized(node.Input(1));

    public override void Prepare(OpNode node)
    {
        var (input, alpha, output) = (node.Input(0), node.Input(1), node.Output(0));
        QuantizedTensors.SetBroadcastOutputShape(node, input, alpha);
        node.State = PreluParams.Create(QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input),
            QuantizedTensors.Scale(node, alpha), QuantizedTensors.ZeroPoint(node, alpha), QuantizedTensors.Scale(node, output),
            QuantizedTensors.ZeroPoint(node, output), node.Rounding);
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner((PreluParams)node.State!), node.Input(0), node.Input(1), node.Output(0));

    private readonly struct Runner(PreluParams p) : IBinaryRunner
    {
        public void Run<T>(ReadOnlySpan<int> shape1, ReadOnlySpan<T> x, ReadOnlySpan<int> shape2, ReadOnlySpan<T> alpha,
            ReadOnlySpan<int> outputShape, Span<T> y) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
            QuantizedPrelu.Prelu(p, shape1, x, shape2, alpha, outputShape, y);
    }
}
