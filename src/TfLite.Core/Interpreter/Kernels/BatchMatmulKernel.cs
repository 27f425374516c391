using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>BATCH_MATMUL (float) with adj_x / adj_y and broadcast batch dimensions.</summary>
internal sealed class BatchMatmulKernel : IKernel
{
    public string? CheckSupport(OpNode node) => KernelSupport.AllOfType(node, TensorType.Float32);

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<BatchMatMulOptions>();
        var x = node.Input(0).Shape;
        var y = node.Input(1).Shape;
        KernelSupport.Require(node, x.Length >= 2 && y.Length >= 2, "operands need rank 2 or more");
        int m = o.AdjX ? x[^1] : x[^2], kx = o.AdjX ? x[^2] : x[^1];
        int ky = o.AdjY ? y[^1] : y[^2], n = o.AdjY ? y[^2] : y[^1];
        KernelSupport.Require(node, kx == ky, $"inner dimensions {kx} and {ky} differ");
        var batch = ShapeMath.Broadcast(x[..^2], y[..^2]) ?? throw node.Error("InvalidShape", $"{node.Describe()}: batch dimensions do not broadcast.");
        node.SetOutputShape(0, [.. batch, m, n]);
    }

    public void Eval(OpNode node)
    {
        var o = node.GetOptions<BatchMatMulOptions>();
        var x = node.Input(0);
        var y = node.Input(1);
        var output = node.Output(0);
        BatchMatMul.Float(x.Shape, x.AsSpan<float>(), o.AdjX, y.Shape, y.AsSpan<float>(), o.AdjY, output.Shape, output.Writable<float>());
    }
}
