using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>GELU (float), exact (erf) or tanh-approximated.</summary>
internal sealed class GeluKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => UnaryMath.Gelu(x, node.GetOptions<GeluOptions>().Approximate);
}
