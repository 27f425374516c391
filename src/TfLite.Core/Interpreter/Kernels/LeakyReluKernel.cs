using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>LEAKY_RELU (float): x &gt; 0 ? x : alpha * x.</summary>
internal sealed class LeakyReluKernel : UnaryFloatKernel
{
    protected override void Compute(OpNode node, ReadOnlySpan<float> x, Span<float> y) =>
        ParameterizedActivations.LeakyRelu(x, y, node.GetOptions<LeakyReluOptions>().Alpha, node.UseSimd);
}
