using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RSQRT (float).</summary>
internal sealed class RsqrtKernel : VectorFloatKernel<RsqrtOperator>;
