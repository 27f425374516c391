using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>LOG (float).</summary>
internal sealed class LogKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Log(x);
}
