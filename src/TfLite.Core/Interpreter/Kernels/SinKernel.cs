using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SIN (float).</summary>
internal sealed class SinKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => MathF.Sin(x);
}
