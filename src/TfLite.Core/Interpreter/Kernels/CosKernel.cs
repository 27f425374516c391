using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>COS (float).</summary>
internal sealed class CosKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Cos(x);
}
