using TfLite.Core.Graph;
using TfLite.Core.Transforms.Folding;

namespace TfLite.Core.Transforms;

/// <summary>Questions passes ask about constant tensors before rewriting around them.</summary>
internal static class ConstantChecks
{
    /// <summary>True for a constant whose bytes exactly fill its static shape (no negative dimension) with elements
    /// of its type.</summary>
    public static bool IsWellFormedConstant(this Tensor? t) =>
        t is { Data: { } data, IsVariable: false }
        && t.Type.SizeOf() > 0
        && IndexMaps.Count(t.Shape) is { } count
        && data.LongLength == count * t.Type.SizeOf();

    /// <summary>True for a well-formed, non-quantized float32 constant.</summary>
    public static bool IsFloatConstant(this Tensor? t) =>
        t.IsWellFormedConstant() && t!.Type == TensorType.Float32 && !t.IsQuantized();

    /// <summary>True when the tensor carries quantization scales.</summary>
    public static bool IsQuantized(this Tensor t) => t.Quantization?.IsQuantized == true;

    /// <summary>True when the tensor's shape signature (or static shape) has an unknown dimension.</summary>
    public static bool HasDynamicShape(this Tensor t) => t.ShapeSignature?.Any(d => d < 0) == true;

    /// <summary>Two tensors hold the same kind of values: type, static shape, shape signature and quantization.</summary>
    public static bool HasSameLayout(this Tensor a, Tensor b) =>
        a.Type == b.Type
        && Shape.AreEqual(a.Shape, b.Shape)
        && Shape.AreEqual(a.ShapeSignature ?? a.Shape, b.ShapeSignature ?? b.Shape)
        && a.HasSameQuantization(b);

    /// <summary>
    /// Reads a float constant that varies at most along the last of <paramref name="outputRank"/> dimensions
    /// (a scalar, or a shape like [C], [1,1,1,C]) as one value per channel.
    /// </summary>
    /// <returns>The <paramref name="channels"/> values, or null when the constant has another shape.</returns>
    public static float[]? AsPerChannel(this Tensor? constant, int channels, int outputRank)
    {
        if (!constant.IsFloatConstant()) return null;
        var shape = constant!.Shape;
        if (shape.Length > Math.Max(outputRank, 1)) return null;
        for (var i = 0; i < shape.Length - 1; i++)
            if (shape[i] != 1) return null;
        var values = constant.GetData<float>();
        if (values.Length == 1) return Enumerable.Repeat(values[0], channels).ToArray();
        return values.Length == channels && shape[^1] == channels ? values.ToArray() : null;
    }

    /// <summary>Reads a constant of integers (int32 or int64) such as a permutation or paddings.</summary>
    public static long[]? AsIntegers(this Tensor? constant)
    {
        if (!constant.IsWellFormedConstant()) return null;
        return constant!.Type switch
        {
            TensorType.Int32 => constant.GetData<int>().ToArray().Select(v => (long)v).ToArray(),
            TensorType.Int64 => constant.GetData<long>().ToArray(),
            _ => null,
        };
    }

    /// <summary>Both tensors are unquantized, or quantized with the same scales, zero points and axis.</summary>
    public static bool HasSameQuantization(this Tensor x, Tensor y)
    {
        var (a, b) = (x.Quantization, y.Quantization);
        if (a?.IsQuantized != true || b?.IsQuantized != true) return a?.IsQuantized != true && b?.IsQuantized != true;
        return a.Scale.AsSpan().SequenceEqual(b.Scale) && a.ZeroPoint.AsSpan().SequenceEqual(b.ZeroPoint)
            && a.QuantizedDimension == b.QuantizedDimension;
    }
}
