using System.Numerics;
using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>An operation over same-typed input and output spans, for any integer element type.</summary>
internal interface ISameTypeRunner
{
    void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>;
}

/// <summary>A binary operation over same-typed spans, for any integer element type.</summary>
internal interface IBinaryRunner
{
    void Run<T>(ReadOnlySpan<int> shape1, ReadOnlySpan<T> a, ReadOnlySpan<int> shape2, ReadOnlySpan<T> b,
        ReadOnlySpan<int> outputShape, Span<T> y) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>;
}

/// <summary>Calls a runner with the spans of the element type the tensors hold.</summary>
internal static class TypeDispatch
{
    public static void Run<TRunner>(in TRunner runner, RuntimeTensor input, RuntimeTensor output)
        where TRunner : struct, ISameTypeRunner
    {
        switch (input.Type)
        {
            case TensorType.Int8: runner.Run(input, input.AsSpan<sbyte>(), output, output.Writable<sbyte>()); break;
            case TensorType.UInt8: runner.Run(input, input.AsSpan<byte>(), output, output.Writable<byte>()); break;
            case TensorType.Int16: runner.Run(input, input.AsSpan<short>(), output, output.Writable<short>()); break;
            default: throw new InvalidOperationException($"No integer kernel for {input.Type}.");
        }
    }

    public static void Run<TRunner>(in TRunner runner, RuntimeTensor a, RuntimeTensor b, RuntimeTensor output)
        where TRunner : struct, IBinaryRunner
    {
        switch (a.Type)
        {
            case TensorType.Int8:
                runner.Run(a.Shape, a.AsSpan<sbyte>(), b.Shape, b.AsSpan<sbyte>(), output.Shape, output.Writable<sbyte>());
                break;
            case TensorType.UInt8:
                runner.Run(a.Shape, a.AsSpan<byte>(), b.Shape, b.AsSpan<byte>(), output.Shape, output.Writable<byte>());
                break;
            case TensorType.Int16:
                runner.Run(a.Shape, a.AsSpan<short>(), b.Shape, b.AsSpan<short>(), output.Shape, output.Writable<short>());
                break;
            default: throw new InvalidOperationException($"No integer kernel for {a.Type}.");
        }
    }

    /// <summary>Null when input and output share one of <paramref name="types"/> and both are quantized.</summary>
    public static string? CheckSameType(OpNode node, params TensorType[] types)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        if (input.Type != output.Type || !types.Contains(input.Type))
            return $"no integer kernel for {input.Type} -> {output.Type}";
        return QuantizedTensors.CheckQuantized(input, output);
    }
}
