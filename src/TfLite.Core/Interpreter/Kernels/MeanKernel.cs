using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>MEAN (float).</summary>
internal sealed class MeanKernel : ReduceKernel
{
    protected override void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output) => Reduce.Mean(input, map, output);
}
