using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>MEAN (float).</summary>
internal sealed class MeanKernel : ReduceKernel
{
    protected override void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output) => Reduce.Mean(input, map, output);

    protected override bool ComputeBlock(ReadOnlySpan<float> input, (int Outer, int Reduced, int Inner) block, Span<float> output)
    {
        FloatAxisSum.Mean(input, block, output);
        return true;
    }
}
