using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// ADD and SUB for int8, uint8 and int16 tensors with broadcasting: TFLite's general rescaling path, or for int16
/// with power-of-two scales (when the operator allows it) the saturating shift-and-add path.
/// </summary>
internal sealed class QuantizedAddSubKernel(bool subtract) : QuantizedKernel
{
    public override string? CheckSupport(OpNode node)
    {
        var (a, b, output) = (node.Input(0), node.Input(1), node.Output(0));
        if (b.Type != a.Type) return "inputs must have one type";
        var check = TypeDispatch.CheckSameType(node, TensorType.Int8, TensorType.UInt8, TensorType.Int16)
                    ?? QuantizedTensors.CheckQuantized(b) ?? QuantizedTensors.CheckActivation(node);
        if (check is null && a.Type == TensorType.Int16 &&
            (QuantizedTensors.ZeroPoint(node, a) != 0 || QuantizedTensors.ZeroPoint(node, b) != 0 || QuantizedTensors.ZeroPoint(node, output) != 0))
            return "int16 tensors must have zero points of 0";
        return check;
    }

    public override void Prepare(OpNode node)
    {
        var (a, b, output) = (node.Input(0), node.Input(1), node.Output(0));
        QuantizedTensors.SetBroadcastOutputShape(node, a, b);
        var (min, max) = QuantizedTensors.ActivationRange(node, output);
        float scale1 = QuantizedTensors.Scale(node, a), scale2 = QuantizedTensors.Scale(node, b), outScale = QuantizedTensors.Scale(node, output);
        bool int16 = output.Type == TensorType.Int16;
        bool allowPowerOfTwo = subtract ? node.GetOptions<SubOptions>().PotScaleInt16 : node.GetOptions<AddOptions>().PotScaleInt16;
        if (int16 && allowPowerOfTwo && PowerOfTwoAddParams.TryCreate(scale1, scale2, outScale, min, max) is { } pot)
        {
            node.State = pot;
            return;
        }
        int zp1 = QuantizedTensors.ZeroPoint(node, a), zp2 = QuantizedTensors.ZeroPoint(node, b), zpOut = QuantizedTensors.ZeroPoint(node, output);
        node.State = subtract
            ? QuantizedAddParams.ForSub(scale1, zp1, scale2, zp2, outScale, zpOut, int16, min, max, node.Rounding)
            : QuantizedAddParams.ForAdd(scale1, zp1, scale2, zp2, outScale, zpOut, int16, min, max, node.Rounding);
    }

    public override void Eval(OpNode node)
    {
        var (a, b, output) = (node.Input(0), node.Input(1), node.Output(0));
        if (node.State is PowerOfTwoAddParams pot)
        {
            if (subtract) PowerOfTwoAdd.Sub(pot, a.Shape, a.AsSpan<short>(), b.Shape, b.AsSpan<short>(), output.Shape, output.Writable<short>());
            else PowerOfTwoAdd.Add(pot, a.Shape, a.AsSpan<short>(), b.Shape, b.AsSpan<short>(), output.Shape, output.Writable<short>());
            return;
        }
        TypeDispatch.Run(new Runner((QuantizedAddParams)node.State!, subtract), a, b, output);
    }

    private readonly struct Runner(QuantizedAddParams p, bool subtract) : IBinaryRunner
    {
        public void Run<T>(ReadOnlySpan<int> shape1, ReadOnlySpan<T> x, ReadOnlySpan<int> shape2, ReadOnlySpan<T> y,
            ReadOnlySpan<int> outputShape, Span<T> z) where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
        {
            if (subtract) QuantizedAdd.Sub(p, shape1, x, shape2, y, outputShape, z);
            else QuantizedAdd.Add(p, shape1, x, shape2, y, outputShape, z);
        }
    }
}
