using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SQUARE (float).</summary>
internal sealed class SquareKernel : VectorFloatKernel<SquareOperator>;
