using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>DIV with broadcasting (float; int32/int64 for shape arithmetic).</summary>
internal sealed class DivKernel : BinaryKernel<DivideOperator>
{
    protected override Func<long, long, long>? IntegerOp => (x, y) => y == 0 ? throw new InterpreterException("DivisionByZero", "Integer DIV by zero.") : x / y;
}
