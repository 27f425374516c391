using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// The vectorized uint8 and int16x8 plans of the convolution-family kernels: made at prepare when SIMD is on and
/// weights and bias are constant; null sends Eval to the reference kernel.
/// </summary>
internal static class WideVectorizedKernels
{
    /// <summary>A CONV_2D plan, or null.</summary>
    public static IInt8Plan? Conv(OpNode node, in QuantizedConvParams p, in OutputStage stage, Dims4 input, Dims4 filter,
        Dims4 output, TensorType quantizedBiasType)
    {
        var (weights, bias, threads) = (node.Input(1), node.OptionalInput(2), node.Context.Options.ThreadCount);
        return Kind(node) switch
        {
            TensorType.UInt8 => WideConvolution.TryCreateUInt8(p, stage, input, filter, weights.AsSpan<byte>(),
                QuantizedTensors.OptionalSpan<int>(bias), output, threads, VectorWidths.Best),
            TensorType.Int16 => WideConvolution.TryCreateInt16x8(p, stage, input, filter, weights.AsSpan<sbyte>(),
                Int64Accumulators(bias, quantizedBiasType), Bias<int>(bias), Bias<long>(bias), output, threads, VectorWidths.Best),
            _ => null,
        };
    }

    /// <summary>A DEPTHWISE_CONV_2D plan, or null.</summary>
    public static IInt8Plan? DepthwiseConv(OpNode node, in QuantizedConvParams p, int depthMultiplier, in OutputStage stage,
        Dims4 input, Dims4 filter, Dims4 output)
    {
        var (weights, bias, threads) = (node.Input(1), node.OptionalInput(2), node.Context.Options.ThreadCount);
        return Kind(node) switch
        {
            TensorType.UInt8 => WideDepthwiseConvolution.TryCreateUInt8(p, depthMultiplier, stage, input, filter,
                weights.AsSpan<byte>(), QuantizedTensors.OptionalSpan<int>(bias), output, threads, VectorWidths.Best),
            TensorType.Int16 => WideDepthwiseConvolution.TryCreateInt16x8(p, depthMultiplier, stage, input, filter,
                weights.AsSpan<sbyte>(), Int64Accumulators(bias, TensorType.Float32), Bias<int>(bias), Bias<long>(bias),
                output, threads, VectorWidths.Best),
            _ => null,
        };
    }

    /// <summary>A FULLY_CONNECTED plan, or null.</summary>
    public static IInt8Plan? FullyConnected(OpNode node, int inputOffset, int filterOffset, in OutputStage stage, int batches,
        int depth, int units, TensorType quantizedBiasType)
    {
        var (weights, bias) = (node.Input(1), node.OptionalInput(2));
        return Kind(node) switch
        {
            TensorType.UInt8 => WideFullyConnected.TryCreateUInt8(inputOffset, filterOffset, stage, batches, depth, units,
                weights.AsSpan<byte>(), QuantizedTensors.OptionalSpan<int>(bias), VectorWidths.Best),
            TensorType.Int16 => WideFullyConnected.TryCreateInt16x8(inputOffset, filterOffset, stage, batches, depth, units,
                weights.AsSpan<sbyte>(), Int64Accumulators(bias, quantizedBiasType), Bias<int>(bias), Bias<long>(bias),
                VectorWidths.Best),
            _ => null,
        };
    }

    /// <summary>
    /// UInt8 or Int16 when the node takes a plan: SIMD on, uint8 throughout or int16 activations with int8 weights,
    /// constant weights and a constant bias (if any) of a type the reference takes; else null.
    /// </summary>
    private static TensorType? Kind(OpNode node)
    {
        var (input, weights, bias, output) = (node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0));
        if (!node.UseSimd || !weights.HasValue || (bias is not null && !bias.HasValue)) return null;
        return (input.Type, weights.Type, output.Type, bias?.Type) switch
        {
            (TensorType.UInt8, TensorType.UInt8, TensorType.UInt8, null or TensorType.Int32) => TensorType.UInt8,
            (TensorType.Int16, TensorType.Int8, TensorType.Int16, null or TensorType.Int32 or TensorType.Int64) => TensorType.Int16,
            _ => null,
        };
    }

    /// <summary>Whether an int16x8 kernel sums in int64, as <see cref="ConvolutionDispatch.Run{TRunner}"/> picks.</summary>
    private static bool Int64Accumulators(RuntimeTensor? bias, TensorType quantizedBiasType) =>
        (bias?.Type ?? quantizedBiasType) != TensorType.Int32;

    /// <summary>The bias as <typeparamref name="T"/> when it has that width, else empty.</summary>
    private static ReadOnlySpan<T> Bias<T>(RuntimeTensor? bias) where T : unmanaged =>
        bias is not null && bias.Type == (typeof(T) == typeof(long) ? TensorType.Int64 : TensorType.Int32)
            ? bias.AsSpan<T>() : ReadOnlySpan<T>.Empty;
}
