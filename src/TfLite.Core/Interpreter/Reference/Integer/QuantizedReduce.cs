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
        var sums = Sum(shape, input, axes, out long count);
        ShapeChecks.Length(output.Length, sums.Length, nameof(output));
        for (int i = 0; i < sums.Length; i++)
            output[i] = count > 0 ? T.CreateTruncating((int)(sums[i] / count)) : T.Zero;
    }

    /// <summary>
    /// <c>reference_ops::QuantizedMeanOrSum</c>: an int32 sum of the raw values, minus the zero point times the count,
    /// requantized by input scale / output scale; for the mean the count is folded into the multiplier.
    /// </summary>
    public static void MeanOrSum<T>(QuantizedMultiplier multiplier, int inputZeroPoint, int outputZeroPoint,
        RoundingMode rounding, bool computeSum, ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<int> axes,
        Span<T> output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var sums = Sum(shape, input, axes, out long count);
        ShapeChecks.Length(output.Length, sums.Length, nameof(output));
        if (count == 0)
        {
            output[..sums.Length].Clear();
            return;
        }
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

    // Wrapping int32 sums per output element (the kept dimensions in order) and the count reduced into each.
    private static int[] Sum<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<int> axes, out long count)
        where T : unmanaged, IBinaryInteger<T>
    {
        var resolved = ResolveAxes(axes, shape.Length);
        int rank = shape.Length;
        var outputStrides = new int[rank];
        int outputSize = 1;
        count = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            if (Array.IndexOf(resolved, d) >= 0)
            {
                count *= shape[d];
                continue;
            }
            outputStrides[d] = outputSize;
            outputSize *= shape[d];
        }
        ShapeChecks.Length(input.Length, BroadcastCursor.FlatSize(shape), nameof(input));
        var sums = new int[outputSize];
        var index = new int[rank];
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
        return sums;
    }
}
