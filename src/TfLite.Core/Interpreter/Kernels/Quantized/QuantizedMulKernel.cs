using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>MUL for int8, uint8 and int16 tensors with broadcasting (TFLite's general rescaling).</summary>
internal sealed class QuantizedMulKernel : QuantizedKernel
{
    public override string? CheckSupport(OpNode node) =>
        node.Input(1).Type != node.Input(0).Type
            ? "inputs must have one type"
            : TypeDispatch.CheckSameType(node, TensorType.Int8, TensorType.UInt8, TensorType.Int16)
              ?? QuantizedTensors.CheckQuantized(node.Input(1)) ?? QuantizedTensors.CheckActivation(node);

    public override void Prepare(OpNode node)
    {
        var (a, b, output) = (node.Input(0), node.Input(1), node.Output(0));
        QuantizedTensors.SetBroadcastOutputShape(node, a, b);
        var (min, max) = QuantizedTensors.ActivationRange(node, output);
        // int16 runs TFLite's builtin kernel in LiteRT, whose prepare step takes the scales' ratio in float; TFLite
        // Micro, and XNNPACK for int8, take it in double.
        var create = a.Type == TensorType.Int16 && node.LiteRtInt16Arithmetic
            ? (Func<float, int, float, int, float, int, int, int, RoundingMode, QuantizedMulParams>)QuantizedMulParams.CreateWithFloatRatio
            : QuantizedMulParams.Create;
        node.State = create(QuantizedTensors.Scale(node, a), QuantizedTensors.ZeroPoint(node, a),
            QuantizedTensors.Scale(node, b), QuantizedTensors.ZeroPoint(node, b), QuantizedTensors.Scale(node, output),
            QuantizedTensors.ZeroPoint(node, output), min, max, node.Rounding);
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner((QuantizedMulParams)node.State!), node.Input(0), node.Input(1), node.Output(0));

    private readonly struct Runner(QuantizedMulParams p) : IBinaryRunner
    {
        public void Run<T>(ReadOnlySpan<int> shape1, ReadOnlySpan<T> x, ReadOnlySpan<int> shape2, ReadOnlySpan<T> y,
            ReadOnlySpan<int> outputShape, Span<T> z) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
            QuantizedMul.Mul(p, shape1, x, shape2, y, outputShape, z);
    }
}
