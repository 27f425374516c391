using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>CEIL (float).</summary>
internal sealed class CeilKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Ceiling(x);
}
