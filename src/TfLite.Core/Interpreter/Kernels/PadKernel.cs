using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>PAD: inputs (input, paddings [rank, 2]); pads with 0, or the zero point for quantized tensors.</summary>
internal class PadKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        int rank = input.Shape.Length;
        var pads = Constant(node, 1);
        KernelSupport.Require(node, pads.Length == rank * 2, $"paddings have {pads.Length} values for rank {rank}");
        var before = new int[rank];
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            KernelSupport.Require(node, pads[2 * d] >= 0 && pads[2 * d + 1] >= 0, "paddings must not be negative");
            before[d] = pads[2 * d];
            shape[d] = input.Shape[d] + pads[2 * d] + pads[2 * d + 1];
        }
        return (IndexMaps.Pad(input.Shape, before, shape), shape);
    }

    protected override byte[] PadValue(OpNode node)
    {
        var output = node.Output(0);
        long zero = output.Quantization is { IsQuantized: true } q ? q.ZeroPoint[0] : 0;
        return zero == 0 ? [] : output.Type switch
        {
            TensorType.Int8 => [(byte)(sbyte)zero],
            TensorType.UInt8 => [(byte)zero],
            TensorType.Int16 => BitConverter.GetBytes((short)zero),
            _ => [],
        };
    }
}
