using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SUM (float).</summary>
internal sealed class SumKernel : ReduceKernel
{
    protected override void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output) => Reduce.Sum(input, map, output);

    protected override bool ComputeBlock(ReadOnlySpan<float> input, (int Outer, int Reduced, int Inner) block, Span<float> output)
    {
        FloatAxisSum.Sum(input, block, output);
        return true;
    }
}
