using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>L2_POOL_2D (float).</summary>
internal sealed class L2Pool2DKernel() : Pool2DKernel(Pooling.Kind.L2);
