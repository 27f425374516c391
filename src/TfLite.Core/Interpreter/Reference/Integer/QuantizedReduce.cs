using System.Buffers;
using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// TFLite's quantized MEAN and SUM reference kernels. Which one TFLite runs depends on the case:
/// <see cref="MeanOverHeightWidth{T}"/> for 4-D inputs reduced over axes 1 and 2 with kept dimensions,
/// <see cref="MeanSameScale{T}"/> when input and output share scale and zero point, and
/// <see cref="MeanOrSum{T}"/> otherwise.
/// </summary>
public static class QuantizedReduce
{
    /// <summary>
    /// <c>reference_integer_ops::Mean</c>: sums (x - zp_in) over height and width, requantizes by
    /// input scale / output scale, divides by the count rounding half away from zero, adds zp_out.
    /// </summary>
    public static void MeanOverHeightWidth<T>(QuantizedMultiplier multiplier, int inputZeroPoint, int outputZeroPoint,
        RoundingMode rounding, Dims4 inputShape, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ShapeChecks.Length(input.Length, inputShape.FlatSize, nameof(input));
        ShapeChecks.Length(output.Length, inputShape.D0 * inputShape.D3, nameof(output));
        int count = inputShape.D1 * inputShape.D2;
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        if (count == 0)
        {
            // Nothing to average: the output is the quantized zero.
            output[..(inputShape.D0 * inputShape.D3)].Fill(T.CreateTruncating(TfLiteMath.ClampToRange(outputZeroPoint, min, max)));
            return;
        }
        for (int b = 0; b < inputShape.D0; b++)
        for (int c = 0; c < inputShape.D3; c++)
        {
            int acc = 0;
            for (int y = 0; y < inputShape.D1; y++)
            for (int x = 0; x < inputShape.D2; x++)
                acc = unchecked(acc + int.CreateTruncating(input[inputShape.Offset(b, y, x, c)]) - inputZeroPoint);
            acc = Requantize.MultiplyByQuantizedMultiplier(acc, multiplier.Multiplier, multiplier.Shift, rounding);
            acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
            output[b * inputShape.D3 + c] = T.CreateTruncating(TfLiteMath.ClampToRange(acc + outputZeroPoint, min, max));
        }
    }

    /// <summary>
    /// <c>reference_ops::Mean</c> on quantized values with the same scale and zero point in and out: an int32 sum
    /// divided by the count, truncating toward zero.
    /// </summary>
    public static void MeanSameScale<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<int> axes,
        Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        var rented = PooledSums(shape, input, axes, out long count, out int size);
        try
        {
            var sums = rented.AsSpan(0, size);
            ShapeChecks.Length(output.Length, sums.Length, nameof(output));
            for (int i = 0; i < sums.Length; i++)
                output[i] = count > 0 ? T.CreateTruncating((int)(sums[i] / count)) : T.Zero;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <c>reference_ops::QuantizedMeanOrSum</c>: an int32 sum of the raw values, minus the zero point times the count,
    /// requantized by input scale / output scale; for the mean the count is folded into the multiplier.
    /// </summary>
    public static void MeanOrSum<T>(QuantizedMultiplier multiplier, int inputZeroPoint, int outputZeroPoint,
        RoundingMode rounding, bool computeSum, ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<int> axes,
        Span<T> output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var rented = PooledSums(shape, input, axes, out long count, out int size);
        try
        {
            var sums = rented.AsSpan(0, size);
            ShapeChecks.Length(output.Length, sums.Length, nameof(output));
            if (count == 0)
            {
                output[..sums.Length].Clear();
                return;
            }
            RequantizeSums(multiplier, inputZeroPoint, outputZeroPoint, rounding, computeSum, sums, count, output);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static void RequantizeSums<T>(QuantizedMultiplier multiplier, int inputZeroPoint, int outputZeroPoint,
        RoundingMode rounding, bool computeSum, ReadOnlySpan<int> sums, long count, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int outputMultiplier = multiplier.Multiplier, outputShift = multiplier.Shift;
        if (!computeSum)
        {
            // Divide the multiplier by the count, keeping as many bits as the shift allows.
            int shift = 63 - Gemmlowp.CountLeadingZeros((ulong)count);
            shift = Math.Min(Math.Min(shift, 32), 31 + outputShift);
            outputMultiplier = unchecked((int)(((long)outputMultiplier << shift) / count));
            outputShift -= shift;
        }
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < sums.Length; i++)
        {
            int shiftedSum = unchecked((int)(sums[i] - inputZeroPoint * count));
            int value = unchecked(Requantize.MultiplyByQuantizedMultiplier(shiftedSum, outputMultiplier, outputShift, rounding)
                                  + outputZeroPoint);
            output[i] = T.CreateTruncating(TfLiteMath.ClampToRange(value, min, max));
        }
    }

    /// <summary>Axes made non-negative and unique, in the order given (TFLite's <c>ResolveAxis</c>).</summary>
    /// <exception cref="ArgumentException">An axis is outside [-rank, rank).</exception>
    public static int[] ResolveAxes(ReadOnlySpan<int> axes, int rank)
    {
        var resolved = new List<int>();
        foreach (int axis in axes)
        {
            int a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) throw new ArgumentException($"Axis {axis} is outside a rank-{rank} tensor.", nameof(axes));
            if (!resolved.Contains(a)) resolved.Add(a);
        }
        return [.. resolved];
    }

    // The sums in the first size elements of an array of the shared pool, to be returned after use: a new array per
    // call would be garbage on every Invoke.
    private static int[] PooledSums<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<int> axes,
        out long count, out int size) where T : unmanaged, IBinaryInteger<T>
    {
        size = ReducedSize(shape, axes, out count);
        var rented = ArrayPool<int>.Shared.Rent(size);
        Sum(shape, input, axes, rented.AsSpan(0, size));
        return rented;
    }

    // Elements of the output (the kept dimensions) and the count reduced into each; checks the axes as
    // ResolveAxes does, without its lists.
    private static int ReducedSize(ReadOnlySpan<int> shape, ReadOnlySpan<int> axes, out long count)
    {
        int rank = shape.Length, outputSize = 1;
        foreach (int axis in axes)
            if (axis < -rank || axis >= rank) throw new ArgumentException($"Axis {axis} is outside a rank-{rank} tensor.", nameof(axes));
        count = 1;
        for (int d = 0; d < rank; d++)
            if (IsReduced(axes, d, rank)) count *= shape[d];
            else outputSize *= shape[d];
        return outputSize;
    }

    /// <summary>True when an axis (negative ones count from the end) names dimension <paramref name="d"/>.</summary>
    private static bool IsReduced(ReadOnlySpan<int> axes, int d, int rank)
    {
        foreach (int axis in axes)
            if ((axis < 0 ? axis + rank : axis) == d) return true;
        return false;
    }

    // Wrapping int32 sums per output element (the kept dimensions in order).
    private static void Sum<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<int> axes, Span<int> sums)
        where T : unmanaged, IBinaryInteger<T>
    {
        int rank = shape.Length;
        Span<int> outputStrides = rank <= 16 ? stackalloc int[rank] : new int[rank];
        Span<int> index = rank <= 16 ? stackalloc int[rank] : new int[rank];
        int outputSize = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            if (IsReduced(axes, d, rank)) continue;
            outputStrides[d] = outputSize;
            outputSize *= shape[d];
        }
        ShapeChecks.Length(input.Length, BroadcastCursor.FlatSize(shape), nameof(input));
        sums.Clear();
        if (ReducedBlock(shape, axes) is { } block && block.Outer * block.Inner == sums.Length)
        {
            SumBlock(input, block.Outer, block.Reduced, block.Inner, sums);
            return;
        }
        int outOffset = 0;
        int size = BroadcastCursor.FlatSize(shape);
        for (int i = 0; i < size; i++)
        {
            sums[outOffset] = unchecked(sums[outOffset] + int.CreateTruncating(input[i]));
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                outOffset += outputStrides[d];
                if (index[d] < shape[d]) break;
                outOffset -= outputStrides[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>
    /// When the reduced axes are one run of adjacent dimensions (a global average pool's height and width), the
    /// products of the dimensions before, inside and after the run; otherwise null.
    /// </summary>
    private static (int Outer, int Reduced, int Inner)? ReducedBlock(ReadOnlySpan<int> shape, ReadOnlySpan<int> axes)
    {
        int rank = shape.Length, first = rank, last = -1, outer = 1, reduced = 1, inner = 1;
        for (int d = 0; d < rank; d++)
            if (IsReduced(axes, d, rank)) (first, last) = (Math.Min(first, d), d);
        if (last < 0) return null;
        for (int d = 0; d < rank; d++)
        {
            bool inRun = d >= first && d <= last;
            if (inRun != IsReduced(axes, d, rank)) return null;
            if (d < first) outer *= shape[d];
            else if (inRun) reduced *= shape[d];
            else inner *= shape[d];
        }
        return (outer, reduced, inner);
    }

    // sums[o, k] = sum over r of input[o, r, k]: the same wrapping int32 totals as the general walk (integer sums do
    // not depend on their order), with the innermost dimension as a plain contiguous loop. Compiled optimized at once:
    // it runs once per Invoke, so tiered compilation would keep it in unoptimized code for many runs.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SumBlock<T>(ReadOnlySpan<T> input, int outer, int reduced, int inner, Span<int> sums)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var total = sums.Slice(o * inner, inner);
            for (int r = 0; r < reduced; r++)
            {
                var row = input.Slice((o * reduced + r) * inner, inner);
                for (int k = 0; k < row.Length; k++) total[k] = unchecked(total[k] + int.CreateTruncating(row[k]));
            }
        }
    }
}
