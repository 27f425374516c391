using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>EXP (float).</summary>
internal sealed class ExpKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Exp(x);
}
