using System.Numerics;
using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>Runs one convolution-family reference kernel for the element types of its tensors.</summary>
internal interface IConvolutionRunner
{
    void Run<TIn, TFilter, TAcc, TOut>(ReadOnlySpan<TIn> input, ReadOnlySpan<TFilter> filter, ReadOnlySpan<TAcc> bias,
        Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TFilter : unmanaged, IBinaryInteger<TFilter>
        where TAcc : unmanaged, IBinaryInteger<TAcc>
        where TOut : unmanaged, IBinaryInteger<TOut>;
}

/// <summary>
/// The type combinations of TFLite's integer CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV and FULLY_CONNECTED:
/// int8 with int32 bias, int16 activations with int8 weights and int64 (or int32) bias, uint8 with int32 bias.
/// </summary>
internal static class ConvolutionDispatch
{
    /// <summary>Null when the types, quantization and fused activation are supported, else the reason.</summary>
    public static string? Check(OpNode node, RuntimeTensor input, RuntimeTensor filter, RuntimeTensor? bias, RuntimeTensor output)
    {
        var biasType = bias?.Type;
        bool supported = (input.Type, filter.Type, output.Type) switch
        {
            (TensorType.Int8, TensorType.Int8, TensorType.Int8) => biasType is null or TensorType.Int32,
            (TensorType.UInt8, TensorType.UInt8, TensorType.UInt8) => biasType is null or TensorType.Int32,
            (TensorType.Int16, TensorType.Int8, TensorType.Int16) => biasType is null or TensorType.Int32 or TensorType.Int64,
            _ => false,
        };
        if (!supported)
            return $"no integer kernel for input {input.Type}, weights {filter.Type}, bias {biasType?.ToString() ?? "none"}, output {output.Type}";
        return QuantizedTensors.CheckQuantized(input, filter, output) ?? QuantizedTensors.CheckActivation(node);
    }

    /// <summary>
    /// Calls the runner with typed spans. Without a bias, int16 kernels accumulate in 64 bits unless the operator's
    /// <paramref name="quantizedBiasType"/> asks for 32.
    /// </summary>
    public static void Run<TRunner>(in TRunner runner, RuntimeTensor input, RuntimeTensor filter, RuntimeTensor? bias,
        RuntimeTensor output, TensorType quantizedBiasType) where TRunner : struct, IConvolutionRunner
    {
        switch (input.Type)
        {
            case TensorType.Int8:
                runner.Run(input.AsSpan<sbyte>(), filter.AsSpan<sbyte>(), QuantizedTensors.OptionalSpan<int>(bias), output.Writable<sbyte>());
                break;
            case TensorType.UInt8:
                runner.Run(input.AsSpan<byte>(), filter.AsSpan<byte>(), QuantizedTensors.OptionalSpan<int>(bias), output.Writable<byte>());
                break;
            case TensorType.Int16 when (bias?.Type ?? quantizedBiasType) == TensorType.Int32:
                runner.Run(input.AsSpan<short>(), filter.AsSpan<sbyte>(), QuantizedTensors.OptionalSpan<int>(bias), output.Writable<short>());
                break;
            default:
                runner.Run(input.AsSpan<short>(), filter.AsSpan<sbyte>(), QuantizedTensors.OptionalSpan<long>(bias), output.Writable<short>());
                break;
        }
    }
}
