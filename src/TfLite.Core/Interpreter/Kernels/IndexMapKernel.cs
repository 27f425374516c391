using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>
/// Base of data-movement kernels (PAD, TRANSPOSE, STRIDED_SLICE, GATHER, ...): Prepare builds the index map and the
/// output shape, Eval copies elements of any type through it. Quantized tensors pass through unchanged, as TFLite
/// requires equal quantization on input and output of these ops.
/// </summary>
internal abstract class IndexMapKernel : IKernel
{
    internal sealed class State
    {
        public int[] Map = [];
        public byte[] PadValue = [];
    }

    public virtual string? CheckSupport(OpNode node)
    {
        var t = node.Input(0).Type;
        if (node.Output(0).Type != t) return "input and output types differ";
        return t.SizeOf() is 1 or 2 or 4 or 8 ? null : $"type {t} is not supported";
    }

    public void Prepare(OpNode node)
    {
        var (map, shape) = BuildMap(node);
        node.State = new State { Map = map, PadValue = PadValue(node) };
        node.SetOutputShape(0, shape);
    }

    /// <summary>The map and output shape for the node's current input shapes.</summary>
    protected abstract (int[] Map, int[] Shape) BuildMap(OpNode node);

    /// <summary>The bytes of one pad element (empty = zeros).</summary>
    protected virtual byte[] PadValue(OpNode node) => [];

    public virtual void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        var input = node.Input(0);
        IndexMaps.Apply(input.Bytes, node.Output(0).WritableBytes, s.Map, input.Type.SizeOf(), s.PadValue);
    }

    /// <summary>Requires that a parameter tensor's values are known in Prepare.</summary>
    protected static int[] Constant(OpNode node, int index)
    {
        var t = node.Input(index);
        if (!t.HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: input '{t.Name}' must be constant.");
        return KernelSupport.ReadInts(node, t);
    }
}
