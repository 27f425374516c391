using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>MINIMUM with broadcasting (float; int32/int64 for shape arithmetic).</summary>
internal sealed class MinimumKernel : BinaryKernel<MinimumOperator>
{
    protected override bool Clamps => false;

    protected override Func<long, long, long>? IntegerOp => Math.Min;
}
