using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>NEG (float).</summary>
internal sealed class NegKernel : VectorFloatKernel<NegateOperator>;
