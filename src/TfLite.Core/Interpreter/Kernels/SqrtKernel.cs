using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SQRT (float).</summary>
internal sealed class SqrtKernel : VectorFloatKernel<SqrtOperator>;
