using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>ABS (float).</summary>
internal sealed class AbsKernel : VectorFloatKernel<AbsOperator>;
