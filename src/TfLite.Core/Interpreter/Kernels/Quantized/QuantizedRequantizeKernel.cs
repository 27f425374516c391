using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.FixedPoint;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>QUANTIZE between integer types (int8, uint8, int16, int32): TFLite's <c>Requantize</c>, or XNNPACK's
/// 8-bit rescale where LiteRT delegates the node (<see cref="RoundingMode.Xnnpack"/>, int8 to int8 or uint8 to uint8).</summary>
internal sealed class QuantizedRequantizeKernel : QuantizedKernel
{
    private sealed record State(QuantizedMultiplier Multiplier, int InputZeroPoint, int OutputZeroPoint, XnnpackRescale? Xnnpack);

    public override bool Handles(OpNode node) => IsInteger(node.Input(0)) && IsInteger(node.Output(0));

    private static bool IsInteger(RuntimeTensor t) =>
        t.Type is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Int32 && t.Quantization is { IsQuantized: true };

    public override string? CheckSupport(OpNode node) => null;

    public override void Prepare(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        node.SetOutputShape(0, (int[])input.Shape.Clone());
        float inScale = QuantizedTensors.Scale(node, input), outScale = QuantizedTensors.Scale(node, output);
        int inZero = QuantizedTensors.ZeroPoint(node, input), outZero = QuantizedTensors.ZeroPoint(node, output);
        var xnnpack = node.FloatRequantization && input.Type == output.Type && input.Type is TensorType.Int8 or TensorType.UInt8
            ? XnnpackRescale.Create(inScale, inZero, outScale, outZero)
            : null;
        node.State = new State(QuantizeOps.RequantizeMultiplier(inScale, outScale, node.Rounding), inZero, outZero, xnnpack);
    }

    public override void Eval(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        var s = node.GetState<State>();
        if (s.Xnnpack is { } xnnpack)
        {
            if (input.Type == TensorType.Int8) xnnpack.Apply(input.AsSpan<sbyte>(), output.Writable<sbyte>());
            else xnnpack.Apply(input.AsSpan<byte>(), output.Writable<byte>());
            return;
        }
        switch (input.Type)
        {
            case TensorType.Int8: To(node, s, input.AsSpan<sbyte>(), output); break;
            case TensorType.UInt8: To(node, s, input.AsSpan<byte>(), output); break;
            case TensorType.Int16: To(node, s, input.AsSpan<short>(), output); break;
            default: To(node, s, input.AsSpan<int>(), output); break;
        }
    }

    private static void To<TIn>(OpNode node, State s, ReadOnlySpan<TIn> x, RuntimeTensor output)
        where TIn : unmanaged, IBinaryInteger<TIn>
    {
        switch (output.Type)
        {
            case TensorType.Int8: QuantizeOps.Requantize(s.Multiplier, s.InputZeroPoint, s.OutputZeroPoint, node.Rounding, x, output.Writable<sbyte>()); break;
            case TensorType.UInt8: QuantizeOps.Requantize(s.Multiplier, s.InputZeroPoint, s.OutputZeroPoint, node.Rounding, x, output.Writable<byte>()); break;
            case TensorType.Int16: QuantizeOps.Requantize(s.Multiplier, s.InputZeroPoint, s.OutputZeroPoint, node.Rounding, x, output.Writable<short>()); break;
            default: QuantizeOps.Requantize(s.Multiplier, s.InputZeroPoint, s.OutputZeroPoint, node.Rounding, x, output.Writable<int>()); break;
        }
    }
}
