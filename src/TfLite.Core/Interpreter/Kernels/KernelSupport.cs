using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Checks and small computations that many kernels share.</summary>
internal static class KernelSupport
{
    /// <summary>Null when every present input and output is of one of <paramref name="types"/>, else the reason.</summary>
    public static string? AllOfType(OpNode node, params TensorType[] types)
    {
        foreach (var t in node.Inputs.Concat(node.Outputs))
            if (t is not null && !types.Contains(t.Type))
                return $"tensor '{t.Name}' is {t.Type}; supported: {string.Join("/", types)}";
        return null;
    }

    /// <summary>Null when the fused activation is a clamp the float kernels apply.</summary>
    public static string? ClampActivation(OpNode node) =>
        FloatActivation.IsClamp(node.FusedActivation) ? null : $"fused activation {node.FusedActivation} is not supported";

    /// <summary>The fused activation's float clamp range.</summary>
    public static (float Min, float Max) FloatRange(OpNode node) => FloatActivation.Range(node.FusedActivation);

    /// <summary>Requires the rank of a tensor.</summary>
    public static void RequireRank(OpNode node, RuntimeTensor t, int rank)
    {
        if (t.Shape.Length != rank)
            throw node.Error("InvalidShape", $"{node.Describe()}: tensor '{t.Name}' must have rank {rank}, has shape {Shape.Format(t.Shape)}.");
    }

    /// <summary>Throws a shape error naming the operator when the condition fails.</summary>
    public static void Require(OpNode node, bool condition, string what)
    {
        if (!condition) throw node.Error("InvalidShape", $"{node.Describe()}: {what}.");
    }

    /// <summary>Reads a small integer tensor (int32 or int64) whose values are known (constant or computed in Prepare).</summary>
    public static int[] ReadInts(OpNode node, RuntimeTensor t)
    {
        if (!t.HasMemory) throw node.Error("DynamicTensor", $"{node.Describe()}: tensor '{t.Name}' has no values yet.");
        return t.Type switch
        {
            TensorType.Int32 => t.AsSpan<int>().ToArray(),
            TensorType.Int64 => t.AsSpan<long>().ToArray().Select(v => checked((int)v)).ToArray(),
            _ => throw node.Error("UnsupportedTensorType", $"{node.Describe()}: tensor '{t.Name}' must be int32 or int64, is {t.Type}."),
        };
    }

    /// <summary>Output size and padding of a windowed op over an NHWC input, with the node's float clamp.</summary>
    public static (ConvParams Params, int OutH, int OutW) Window(OpNode node, RuntimeTensor input, Padding padding, int filterH, int filterW,
        int strideH, int strideW, int dilationH = 1, int dilationW = 1, int depthMultiplier = 1)
    {
        Require(node, strideH > 0 && strideW > 0 && dilationH > 0 && dilationW > 0 && filterH > 0 && filterW > 0, "strides, dilations and filter sizes must be positive");
        int outH = ShapeMath.WindowOutputSize(padding, input.Shape[1], filterH, strideH, dilationH);
        int outW = ShapeMath.WindowOutputSize(padding, input.Shape[2], filterW, strideW, dilationW);
        var (lo, hi) = FloatRange(node);
        var p = new ConvParams(strideH, strideW, dilationH, dilationW,
            ShapeMath.WindowPadding(input.Shape[1], filterH, strideH, dilationH, outH),
            ShapeMath.WindowPadding(input.Shape[2], filterW, strideW, dilationW, outW), lo, hi, depthMultiplier, filterH, filterW);
        return (p, outH, outW);
    }

    /// <summary>Splits rows over the run's threads; each call gets the node and a contiguous [start, end) range.
    /// Pass a static method: a lambda that captures variables allocates a closure on every Eval.</summary>
    public static void ForRows(OpNode node, int rows, RowBody body) => node.Context.ForRows(node, rows, body);
}
