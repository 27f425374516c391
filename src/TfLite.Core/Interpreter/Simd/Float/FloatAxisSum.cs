namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>
/// SUM and MEAN over one contiguous run of axes (a global average pool's H and W), seen as [outer, reduced, inner]:
/// out[o, i] = sum over r of in[o, r, i], with the inner dimension as the vector lanes. Each output element adds its
/// inputs in the same order as <see cref="Reference.Reduce.Sum"/> (row-major, starting from 0) and MEAN divides by the
/// same count, so the results equal the reference bit for bit.
/// </summary>
internal static class FloatAxisSum
{
    /// <summary>The [outer, reduced, inner] view of reducing <paramref name="shape"/> over <paramref name="axes"/>
    /// (non-negative, without repeats), or null when the axes are not one contiguous run.</summary>
    public static (int Outer, int Reduced, int Inner)? Block(ReadOnlySpan<int> shape, IReadOnlyCollection<int> axes)
    {
        if (axes.Count == 0) return null;
        int first = axes.Min(), last = axes.Max();
        if (last - first + 1 != axes.Count) return null;
        int outer = 1, reduced = 1, inner = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (d < first) outer *= shape[d];
            else if (d <= last) reduced *= shape[d];
            else inner *= shape[d];
        }
        return (outer, reduced, inner);
    }

    public static void Sum(ReadOnlySpan<float> input, (int Outer, int Reduced, int Inner) block, Span<float> output, bool simd = true)
    {
        var (outer, reduced, inner) = block;
        if (input.Length != outer * reduced * inner || output.Length != outer * inner)
            throw new ArgumentException("Input or output length does not match the reduction.");
        output.Clear();
        for (int o = 0; o < outer; o++)
        {
            var y = output.Slice(o * inner, inner);
            for (int r = 0; r < reduced; r++)
                SimdDriver.Binary<AddOperator>(y, input.Slice((o * reduced + r) * inner, inner), y, simd);
        }
    }

    public static void Mean(ReadOnlySpan<float> input, (int Outer, int Reduced, int Inner) block, Span<float> output, bool simd = true)
    {
        Sum(input, block, output, simd);
        if (output.Length == 0) return;
        // The reference's count: an integer quotient of the element counts, then a float.
        float count = input.Length / output.Length;
        SimdDriver.BinaryScalarRight<DivideOperator>(output, count, output, simd);
    }
}
