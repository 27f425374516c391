using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>REDUCE_MAX (float).</summary>
internal sealed class ReduceMaxKernel : ReduceKernel
{
    protected override void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output) => Reduce.Max(input, map, output);
}
