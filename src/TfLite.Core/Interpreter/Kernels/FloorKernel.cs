using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>FLOOR (float).</summary>
internal sealed class FloorKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Floor(x);
}
