using TfLite.Core.Graph;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>Reading quantization parameters off runtime tensors, and the checks the integer kernels share.</summary>
internal static class QuantizedTensors
{
    /// <summary>True for an int8, uint8 or int16 tensor with quantization parameters.</summary>
    public static bool IsQuantizedInteger(RuntimeTensor? t) =>
        t is { Type: TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 } && t.Quantization is { IsQuantized: true };

    /// <summary>Throws unless input 0 and output 0 share scale and zero point: the kernels that move or blend raw
    /// values without requantizing need it, as TFLite's do.</summary>
    public static void RequireSameParameters(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        if (Scale(node, input) != Scale(node, output) || ZeroPoint(node, input) != ZeroPoint(node, output))
            throw node.Error("InvalidQuantization", $"{node.Describe()}: input '{input.Name}' and output '{output.Name}' " +
                "must share scale and zero point.");
    }

    /// <summary>The per-tensor scale (the first one of a per-channel tensor).</summary>
    public static float Scale(OpNode node, RuntimeTensor t) => Parameters(node, t).Scale[0];

    /// <summary>The per-tensor zero point (0 when the file gives none).</summary>
    public static int ZeroPoint(OpNode node, RuntimeTensor t)
    {
        var q = Parameters(node, t);
        long zero = q.ZeroPoint.Length == 0 ? 0 : q.ZeroPoint[0];
        return zero is >= int.MinValue and <= int.MaxValue
            ? (int)zero
            : throw node.Error("InvalidQuantization", $"{node.Describe()}: tensor '{t.Name}' has zero point {zero}, outside 32 bits.");
    }

    /// <summary>All scales of a tensor (one, or one per channel).</summary>
    public static float[] Scales(OpNode node, RuntimeTensor t) => Parameters(node, t).Scale;

    /// <summary>The value range of an integer type.</summary>
    public static (int Min, int Max) TypeRange(TensorType type) => type switch
    {
        TensorType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        TensorType.UInt8 => (byte.MinValue, byte.MaxValue),
        TensorType.Int16 => (short.MinValue, short.MaxValue),
        TensorType.Int32 => (int.MinValue, int.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an integer type of the integer kernels."),
    };

    /// <summary>The fused activation's clamp in the output's quantized units.</summary>
    public static (int Min, int Max) ActivationRange(OpNode node, RuntimeTensor output)
    {
        var (min, max) = TypeRange(output.Type);
        return QuantizationUtil.CalculateActivationRangeQuantized(node.FusedActivation, Scale(node, output),
            ZeroPoint(node, output), min, max);
    }

    /// <summary>Null when the fused activation is one the integer kernels clamp to, else the reason.</summary>
    public static string? CheckActivation(OpNode node) =>
        node.FusedActivation is ActivationFunction.None or ActivationFunction.Relu or ActivationFunction.Relu6
            or ActivationFunction.ReluN1To1
            ? null
            : $"fused activation {node.FusedActivation} is not supported by the integer kernels";

    /// <summary>Null when every listed tensor is quantized, else the reason.</summary>
    public static string? CheckQuantized(params RuntimeTensor?[] tensors)
    {
        foreach (var t in tensors)
            if (t is not null && t.Quantization is not { IsQuantized: true })
                return $"tensor '{t.Name}' has no quantization parameters";
        return null;
    }

    /// <summary>Requires positive strides and dilations (they divide in the output size).</summary>
    public static void RequireWindow(OpNode node, params int[] factors) =>
        KernelSupport.Require(node, factors.All(f => f > 0), "strides and dilations must be positive");

    /// <summary>Sets output 0 to the broadcast shape of two inputs.</summary>
    public static void SetBroadcastOutputShape(OpNode node, RuntimeTensor a, RuntimeTensor b) =>
        node.SetOutputShape(0, Reference.ShapeMath.Broadcast(a.Shape, b.Shape)
            ?? throw node.Error("InvalidShape", $"{node.Describe()}: shapes {Shape.Format(a.Shape)} and {Shape.Format(b.Shape)} do not broadcast."));

    /// <summary>The span of an optional bias, empty when absent.</summary>
    public static ReadOnlySpan<T> OptionalSpan<T>(RuntimeTensor? t) where T : unmanaged =>
        t is null ? ReadOnlySpan<T>.Empty : t.AsSpan<T>();

    private static QuantizationParameters Parameters(OpNode node, RuntimeTensor t) =>
        t.Quantization is { IsQuantized: true } q
            ? q
            : throw node.Error("MissingQuantization", $"{node.Describe()}: tensor '{t.Name}' has no quantization parameters.");
}
