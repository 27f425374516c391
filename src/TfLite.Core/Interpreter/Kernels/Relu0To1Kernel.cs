namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RELU_0_TO_1 (float): clamp to [0f, 1f].</summary>
internal sealed class Relu0To1Kernel() : ClampFloatKernel(0f, 1f);
