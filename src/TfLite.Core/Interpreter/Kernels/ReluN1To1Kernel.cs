namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RELU_N1_TO_1 (float): clamp to [-1f, 1f].</summary>
internal sealed class ReluN1To1Kernel() : ClampFloatKernel(-1f, 1f);
