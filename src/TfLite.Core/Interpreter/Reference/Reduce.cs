using System.Numerics;

namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// Reductions over a set of axes as TFLite's reference <c>ReduceGeneric</c>/<c>Mean</c>: every input element, in
/// row-major order, folded into its output element; MEAN then divides each sum by the number of reduced elements.
/// </summary>
internal static class Reduce
{
    /// <summary>Output shape of reducing <paramref name="shape"/> over <paramref name="axes"/> (already non-negative).</summary>
    public static int[] OutputShape(ReadOnlySpan<int> shape, IReadOnlyCollection<int> axes, bool keepDims)
    {
        var r = new List<int>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (!axes.Contains(d)) r.Add(shape[d]);
            else if (keepDims) r.Add(1);
        }
        return [.. r];
    }

    /// <summary>For each input element, the flat index of its output element.</summary>
    public static void OutputIndices(ReadOnlySpan<int> shape, IReadOnlyCollection<int> axes, Span<int> map)
    {
        int rank = shape.Length;
        var outStrides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            outStrides[d] = axes.Contains(d) ? 0 : stride;
            if (!axes.Contains(d)) stride *= shape[d];
        }
        var index = new int[rank];
        for (int i = 0; i < map.Length; i++)
        {
            int o = 0;
            for (int d = 0; d < rank; d++) o += index[d] * outStrides[d];
            map[i] = o;
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
    }

    public static void Sum(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output)
    {
        output.Clear();
        for (int i = 0; i < input.Length; i++) output[map[i]] += input[i];
    }

    public static void Mean(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output)
    {
        Sum(input, map, output);
        if (output.Length == 0) return;
        float count = input.Length / output.Length;
        for (int i = 0; i < output.Length; i++) output[i] /= count;
    }

    /// <summary>The largest element of each group, starting from the type's lowest value (TFLite's
    /// <c>std::numeric_limits&lt;T&gt;::lowest()</c>).</summary>
    public static void Max<T>(ReadOnlySpan<T> input, ReadOnlySpan<int> map, Span<T> output) where T : INumber<T>, IMinMaxValue<T>
    {
        output.Fill(T.MinValue);
        for (int i = 0; i < input.Length; i++)
        {
            ref T o = ref output[map[i]];
            o = input[i] > o ? input[i] : o;
        }
    }

    /// <summary>The smallest element of each group, starting from the type's largest value.</summary>
    public static void Min<T>(ReadOnlySpan<T> input, ReadOnlySpan<int> map, Span<T> output) where T : INumber<T>, IMinMaxValue<T>
    {
        output.Fill(T.MaxValue);
        for (int i = 0; i < input.Length; i++)
        {
            ref T o = ref output[map[i]];
            o = input[i] < o ? input[i] : o;
        }
    }

    public static void Product(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output)
    {
        output.Fill(1f);
        for (int i = 0; i < input.Length; i++) output[map[i]] *= input[i];
    }
}
