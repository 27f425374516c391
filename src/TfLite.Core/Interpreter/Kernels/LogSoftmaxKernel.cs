using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>LOG_SOFTMAX (float) over the last dimension.</summary>
internal sealed class LogSoftmaxKernel : UnaryFloatKernel
{
    protected override void Compute(OpNode node, ReadOnlySpan<float> x, Span<float> y)
    {
        var shape = node.Input(0).Shape;
        int depth = shape.Length == 0 ? 1 : shape[^1];
        if (depth > 0) Softmax.LogFloat(x, y, depth);
    }
}
