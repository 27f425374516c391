using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SOFTMAX (float) over the last dimension.</summary>
internal sealed class SoftmaxKernel : UnaryFloatKernel
{
    protected override void Compute(OpNode node, ReadOnlySpan<float> x, Span<float> y)
    {
        var shape = node.Input(0).Shape;
        int depth = shape.Length == 0 ? 1 : shape[^1];
        if (depth > 0) Softmax.Float(x, y, depth, node.GetOptions<SoftmaxOptions>().Beta);
    }
}
