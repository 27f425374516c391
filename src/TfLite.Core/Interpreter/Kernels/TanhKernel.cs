using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>TANH (float).</summary>
internal sealed class TanhKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Tanh(x);
}
