using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>PADV2: inputs (input, paddings, constant value); the value is read at Eval time.</summary>
internal sealed class Padv2Kernel : PadKernel
{
    public override void Eval(OpNode node)
    {
        var input = node.Input(0);
        int size = input.Type.SizeOf();
        var value = node.OptionalInput(2) is { } v && v.ByteLength >= size ? v.Bytes[..size] : default;
        IndexMaps.Apply(input.Bytes, node.Output(0).WritableBytes, node.GetState<State>().Map, size, value);
    }
}
