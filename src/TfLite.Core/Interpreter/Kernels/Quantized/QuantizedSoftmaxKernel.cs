using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// SOFTMAX over the last dimension for int8 (to int8 or int16), uint8 and int16 tensors. Outputs have TFLite's fixed
/// parameters: scale 1/256 with the type's minimum as zero point for 8 bits, 1/65536 and -32768 for int16 from int8,
/// 1/32768 and 0 for int16.
/// </summary>
internal sealed class QuantizedSoftmaxKernel : QuantizedKernel
{
    public override string? CheckSupport(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        var expected = (input.Type, output.Type) switch
        {
            (TensorType.Int8, TensorType.Int8) => (1f / 256, -128),
            (TensorType.Int8, TensorType.Int16) => (1f / 65536, -32768),
            (TensorType.UInt8, TensorType.UInt8) => (1f / 256, 0),
            (TensorType.Int16, TensorType.Int16) => (1f / 32768, 0),
            _ => ((float, int)?)null,
        };
        if (expected is not var (scale, zeroPoint)) return $"no integer kernel for {input.Type} -> {output.Type}";
        return QuantizedTensors.CheckQuantized(input, output) ?? FixedOutput(node, output, scale, zeroPoint);
    }

    /// <summary>Null when the output has the scale (within 0.1%) and zero point the kernel produces.</summary>
    internal static string? FixedOutput(OpNode node, RuntimeTensor output, float scale, int zeroPoint) =>
        QuantizedTensors.ZeroPoint(node, output) == zeroPoint && Math.Abs(QuantizedTensors.Scale(node, output) - scale) <= 0.001f * scale
            ? null
            : $"output '{output.Name}' must have scale {scale} and zero point {zeroPoint}";

    public override void Prepare(OpNode node)
    {
        var input = node.Input(0);
        KernelSupport.Require(node, input.Shape.Length > 0 && input.Shape[^1] > 0, "softmax needs a non-empty last dimension");
        node.SetOutputShape(0, (int[])input.Shape.Clone());
        double beta = node.GetOptions<SoftmaxOptions>().Beta;
        float scale = QuantizedTensors.Scale(node, input);
        node.State = input.Type == TensorType.Int16
            ? QuantizedSoftmaxInt16Params.Create(beta, scale, node.Rounding)
            : QuantizedSoftmaxParams.Create(beta, scale, node.Rounding);
    }

    public override void Eval(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        int depth = input.Shape[^1];
        switch (node.State)
        {
            case QuantizedSoftmaxInt16Params p16:
                IntegerSoftmax.SoftmaxInt16(p16, depth, input.AsSpan<short>(), output.Writable<short>());
                break;
            case QuantizedSoftmaxParams p when input.Type == TensorType.UInt8:
                IntegerSoftmax.Softmax(p, depth, input.AsSpan<byte>(), output.Writable<byte>());
                break;
            case QuantizedSoftmaxParams p when output.Type == TensorType.Int16:
                IntegerSoftmax.Softmax(p, depth, input.AsSpan<sbyte>(), output.Writable<short>());
                break;
            case QuantizedSoftmaxParams p:
                IntegerSoftmax.Softmax(p, depth, input.AsSpan<sbyte>(), output.Writable<sbyte>());
                break;
        }
    }
}
