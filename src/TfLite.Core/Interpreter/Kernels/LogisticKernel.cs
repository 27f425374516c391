using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>LOGISTIC (float).</summary>
internal sealed class LogisticKernel : ScalarFloatKernel
{
    protected override float Apply(OpNode node, float x) => UnaryMath.Logistic(x);
}
