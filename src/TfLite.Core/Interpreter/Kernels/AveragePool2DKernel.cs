using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>AVERAGE_POOL_2D (float).</summary>
internal sealed class AveragePool2DKernel() : Pool2DKernel(Pooling.Kind.Average);
