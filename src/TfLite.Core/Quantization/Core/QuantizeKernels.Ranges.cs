using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfLite.Core.Quantization;

public static partial class QuantizeKernels
{
    // NaN never compares less or greater, so the select-based min/max below skip it on every path. Signed zeros
    // compare equal and which one survives would depend on the lane order, so zero results are returned as +0.

    /// <summary>The smallest and largest value. NaNs are ignored; ±Inf count. An empty span, or one holding only NaNs,
    /// gives (+Inf, -Inf) so that results combine with <see cref="MathF.Min(float, float)"/>/<see cref="MathF.Max(float, float)"/>.
    /// A zero result is +0.</summary>
    public static (float Min, float Max) MinMax(ReadOnlySpan<float> source) => MinMaxRun(source, true);

    internal static (float Min, float Max) MinMaxRun(ReadOnlySpan<float> source, bool simd)
    {
        int n = source.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(source);
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        if (simd && Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> lo = Vector256.Create(min), hi = Vector256.Create(max);
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                lo = Vector256.ConditionalSelect(Vector256.LessThan(v, lo), v, lo);
                hi = Vector256.ConditionalSelect(Vector256.GreaterThan(v, hi), v, hi);
            }
            for (int k = 0; k < 8; k++) { min = Less(lo[k], min); max = Greater(hi[k], max); }
        }
        if (simd && Vector128.IsHardwareAccelerated && n - i >= 4)
        {
            Vector128<float> lo = Vector128.Create(min), hi = Vector128.Create(max);
            for (; i <= n - 4; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref xr, (nuint)i);
                lo = Vector128.ConditionalSelect(Vector128.LessThan(v, lo), v, lo);
                hi = Vector128.ConditionalSelect(Vector128.GreaterThan(v, hi), v, hi);
            }
            for (int k = 0; k < 4; k++) { min = Less(lo[k], min); max = Greater(hi[k], max); }
        }
        for (; i < n; i++) { min = Less(source[i], min); max = Greater(source[i], max); }
        return (min + 0f, max + 0f);
    }

    /// <summary>The largest absolute value, NaNs ignored; 0 for an empty span. (Symmetric scales are absmax / qmax.)</summary>
    public static float AbsMax(ReadOnlySpan<float> source) => AbsMaxRun(source, true);

    internal static float AbsMaxRun(ReadOnlySpan<float> source, bool simd)
    {
        int n = source.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(source);
        float max = 0f;
        if (simd && Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> hi = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.Abs(Vector256.LoadUnsafe(ref xr, (nuint)i));
                hi = Vector256.ConditionalSelect(Vector256.GreaterThan(v, hi), v, hi);
            }
            for (int k = 0; k < 8; k++) max = Greater(hi[k], max);
        }
        if (simd && Vector128.IsHardwareAccelerated && n - i >= 4)
        {
            Vector128<float> hi = Vector128.Create(max);
            for (; i <= n - 4; i += 4)
            {
                var v = Vector128.Abs(Vector128.LoadUnsafe(ref xr, (nuint)i));
                hi = Vector128.ConditionalSelect(Vector128.GreaterThan(v, hi), v, hi);
            }
            for (int k = 0; k < 4; k++) max = Greater(hi[k], max);
        }
        for (; i < n; i++) max = Greater(MathF.Abs(source[i]), max);
        return max;
    }

    /// <summary>Per-channel min and max along <paramref name="axis"/> of <paramref name="shape"/>, with the rules of
    /// <see cref="MinMax(ReadOnlySpan{float})"/>. <paramref name="mins"/> and <paramref name="maxs"/> hold one value per
    /// channel and are overwritten.</summary>
    public static void MinMaxPerChannel(ReadOnlySpan<float> source, ReadOnlySpan<int> shape, int axis, Span<float> mins, Span<float> maxs)
    {
        var layout = ChannelLayout.Of(shape, axis);
        layout.Require(source.Length, source.Length, mins.Length, maxs.Length);
        mins.Fill(float.PositiveInfinity);
        maxs.Fill(float.NegativeInfinity);
        int inner = layout.Inner, channels = layout.Channels, at = 0;
        for (int o = 0; o < layout.Outer; o++)
        {
            if (inner == 1)
            {
                // Channel is the last axis (depthwise weights): fold each row into the running min/max lane-wise.
                ElementwiseMinMax(source.Slice(at, channels), mins, maxs);
                at += channels;
                continue;
            }
            for (int c = 0; c < channels; c++, at += inner)
            {
                var (lo, hi) = MinMaxRun(source.Slice(at, inner), true);
                mins[c] = Less(lo, mins[c]);
                maxs[c] = Greater(hi, maxs[c]);
            }
        }
        for (int c = 0; c < channels; c++) { mins[c] += 0f; maxs[c] += 0f; }
    }

    private static void ElementwiseMinMax(ReadOnlySpan<float> row, Span<float> mins, Span<float> maxs)
    {
        int n = row.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(row);
        ref float lr = ref MemoryMarshal.GetReference(mins);
        ref float hr = ref MemoryMarshal.GetReference(maxs);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var lo = Vector256.LoadUnsafe(ref lr, (nuint)i);
                var hi = Vector256.LoadUnsafe(ref hr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.LessThan(v, lo), v, lo).StoreUnsafe(ref lr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, hi), v, hi).StoreUnsafe(ref hr, (nuint)i);
            }
        for (; i < n; i++) { mins[i] = Less(row[i], mins[i]); maxs[i] = Greater(row[i], maxs[i]); }
    }

    private static float Less(float v, float current) => v < current ? v : current;

    private static float Greater(float v, float current) => v > current ? v : current;
}
