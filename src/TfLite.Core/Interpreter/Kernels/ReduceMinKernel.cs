using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>REDUCE_MIN (float).</summary>
internal sealed class ReduceMinKernel : ReduceKernel
{
    protected override void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output) => Reduce.Min(input, map, output);
}
