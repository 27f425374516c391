namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RELU (float): clamp to [0f, float.PositiveInfinity].</summary>
internal sealed class ReluKernel() : ClampFloatKernel(0f, float.PositiveInfinity);
