using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>ROUND (float).</summary>
internal sealed class RoundKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Round(x, MidpointRounding.ToEven);
}
