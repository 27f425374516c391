using TfLite.Core.Graph;

namespace TfLite.Core.Transforms.Folding;

/// <summary>The value an operator computes from constant inputs: element type, static shape and raw bytes.</summary>
internal sealed record FoldedConstant(TensorType Type, int[] Shape, byte[] Data)
{
    /// <summary>A result built from typed elements.</summary>
    public static FoldedConstant Of<T>(TensorType type, int[] shape, ReadOnlySpan<T> values) where T : struct =>
        new(type, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());
}
