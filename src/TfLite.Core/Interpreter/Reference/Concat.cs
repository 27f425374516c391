namespace TfLite.Core.Interpreter.Reference;

/// <summary>Concatenation and splitting along an axis as block copies of bytes (any element type).</summary>
internal static class Concat
{
    /// <summary>Copies each input's [axis..] block in turn for every outer index.</summary>
    public static void Join(IReadOnlyList<(int[] Shape, ReadOnlyMemory<byte> Bytes)> inputs, int axis, int elementSize, Span<byte> output)
    {
        if (inputs.Count == 0) return;
        int outer = ShapeMath.Product(inputs[0].Shape, 0, axis);
        int at = 0;
        for (int o = 0; o < outer; o++)
            foreach (var (shape, bytes) in inputs)
            {
                int block = ShapeMath.Product(shape, axis, shape.Length) * elementSize;
                bytes.Span.Slice(o * block, block).CopyTo(output.Slice(at, block));
                at += block;
            }
    }

    /// <summary>The inverse: deals consecutive blocks of the input to each output for every outer index.</summary>
    public static void Split(ReadOnlySpan<byte> input, int[] inShape, int axis, int elementSize, IReadOnlyList<(int[] Shape, Memory<byte> Bytes)> outputs)
    {
        int outer = ShapeMath.Product(inShape, 0, axis);
        int at = 0;
        for (int o = 0; o < outer; o++)
            foreach (var (shape, bytes) in outputs)
            {
                int block = ShapeMath.Product(shape, axis, shape.Length) * elementSize;
                input.Slice(at, block).CopyTo(bytes.Span.Slice(o * block, block));
                at += block;
            }
    }
}
