using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SQUARED_DIFFERENCE with broadcasting (float; int32/int64 for shape arithmetic).</summary>
internal sealed class SquaredDifferenceKernel : BinaryKernel<SquaredDifferenceOperator>
{
    protected override bool Clamps => false;

    protected override Func<long, long, long>? IntegerOp => (x, y) => (x - y) * (x - y);
}
