using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>When the convolution-family kernels run their vectorized int8 plans instead of the reference loops.</summary>
internal static class VectorizedKernels
{
    /// <summary>
    /// SIMD is on, input, weights and output are int8, the bias (if any) int32, and weights and bias are constant so
    /// they can be packed once at prepare.
    /// </summary>
    public static bool UseInt8(OpNode node)
    {
        var (input, weights, bias, output) = (node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0));
        return node.UseSimd
            && input.Type == TensorType.Int8 && weights.Type == TensorType.Int8 && output.Type == TensorType.Int8
            && weights.HasValue && (bias is null || (bias.Type == TensorType.Int32 && bias.HasValue));
    }

    /// <summary>Runs the node's prepared plan, if it has one; false sends Eval to the reference kernel.</summary>
    public static bool TryRun(OpNode node, IInt8Plan? plan)
    {
        if (plan is null) return false;
        plan.Run(node.Input(0).Memory, node.Output(0).WritableMemory);
        return true;
    }
}
