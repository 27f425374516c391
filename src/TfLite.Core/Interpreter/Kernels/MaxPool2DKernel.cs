using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>MAX_POOL_2D (float).</summary>
internal sealed class MaxPool2DKernel() : Pool2DKernel(Pooling.Kind.Max);
