using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SUM (float).</summary>
internal sealed class SumKernel : ReduceKernel
{
    protected override void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output) => Reduce.Sum(input, map, output);
}
