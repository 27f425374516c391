using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>GATHER: inputs (params, indices int32/int64), options axis and batch_dims. The map is rebuilt in Eval
/// when the indices are computed at run time.</summary>
internal sealed class GatherKernel : IndexMapKernel
{
    public override string? CheckSupport(OpNode node) =>
        node.Input(1).Type is TensorType.Int32 or TensorType.Int64 ? base.CheckSupport(node) : "indices must be int32 or int64";

    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var (p, indices, axis, batchDims) = Geometry(node);
        if (!indices.HasValue)
        {
            int[] shape = [.. p.Shape[..axis], .. indices.Shape[batchDims..], .. p.Shape[(axis + 1)..]];
            return ([], shape);
        }
        return Build(node, p, indices, axis, batchDims);
    }

    public override void Eval(OpNode node)
    {
        var (p, indices, axis, batchDims) = Geometry(node);
        var s = node.GetState<State>();
        var map = indices.HasValue ? s.Map : Build(node, p, indices, axis, batchDims).Map;
        IndexMaps.Apply(p.Bytes, node.Output(0).WritableBytes, map, p.Type.SizeOf());
    }

    private static (RuntimeTensor P, RuntimeTensor Indices, int Axis, int BatchDims) Geometry(OpNode node)
    {
        var o = node.GetOptions<GatherOptions>();
        var p = node.Input(0);
        var indices = node.Input(1);
        int axis = ShapeMath.Axis(o.Axis, p.Shape.Length, node);
        int batchDims = o.BatchDims < 0 ? o.BatchDims + indices.Shape.Length : o.BatchDims;
        KernelSupport.Require(node, batchDims >= 0 && batchDims <= axis && batchDims <= indices.Shape.Length, $"batch_dims {o.BatchDims} is out of range");
        return (p, indices, axis, batchDims);
    }

    private static (int[] Map, int[] Shape) Build(OpNode node, RuntimeTensor p, RuntimeTensor indices, int axis, int batchDims)
    {
        var idx = KernelSupport.ReadInts(node, indices);
        var map = IndexMaps.Gather(p.Shape, idx, indices.Shape, axis, batchDims, out var shape,
            i => node.Error("IndexOutOfRange", $"{node.Describe()}: index {i} is out of range for dimension {axis} of size {p.Shape[axis]}."));
        return (map, shape);
    }
}
