namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RELU6 (float): clamp to [0f, 6f].</summary>
internal sealed class Relu6Kernel() : ClampFloatKernel(0f, 6f);
