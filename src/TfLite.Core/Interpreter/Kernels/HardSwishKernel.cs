using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>HARD_SWISH (float).</summary>
internal sealed class HardSwishKernel : VectorFloatKernel<HardSwishOperator>;
