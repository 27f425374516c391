using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>BROADCAST_TO: inputs (input, shape).</summary>
internal sealed class BroadcastToKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        var shape = Constant(node, 1);
        var check = ShapeMath.Broadcast(input.Shape, shape);
        KernelSupport.Require(node, check is not null && Shape.AreEqual(check, shape), $"{Shape.Format(input.Shape)} does not broadcast to {Shape.Format(shape)}");
        return (IndexMaps.BroadcastTo(input.Shape, shape), shape);
    }
}
