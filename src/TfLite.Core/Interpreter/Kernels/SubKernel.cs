using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SUB with broadcasting (float; int32/int64 for shape arithmetic).</summary>
internal sealed class SubKernel : BinaryKernel<SubtractOperator>
{
    protected override Func<long, long, long>? IntegerOp => (x, y) => x - y;
}
