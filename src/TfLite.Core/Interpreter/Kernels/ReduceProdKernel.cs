using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>REDUCE_PROD (float).</summary>
internal sealed class ReduceProdKernel : ReduceKernel
{
    protected override void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output) => Reduce.Product(input, map, output);
}
