using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>ADD with broadcasting (float; int32/int64 for shape arithmetic).</summary>
internal sealed class AddKernel : BinaryKernel<AddOperator>
{
    protected override Func<long, long, long>? IntegerOp => (x, y) => x + y;
}
