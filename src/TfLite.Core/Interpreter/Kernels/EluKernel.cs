using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>ELU (float).</summary>
internal sealed class EluKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => UnaryMath.Elu(x);
}
