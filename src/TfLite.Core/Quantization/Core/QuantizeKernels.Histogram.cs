using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfLite.Core.Quantization;

public static partial class QuantizeKernels
{
    /// <summary>
    /// Adds the values to a histogram of <c>bins.Length</c> equal bins over [<paramref name="min"/>, <paramref name="max"/>]:
    /// bin = trunc((x - min) * (bins / (max - min))) in float32, clamped to the first and last bin, so values outside
    /// the range (and ±Inf) land in the edge bins. NaNs are skipped. Counts are added, not reset.
    /// </summary>
    /// <exception cref="ArgumentException">No bins, or the range is not finite with max &gt; min.</exception>
    public static void Histogram(ReadOnlySpan<float> source, float min, float max, Span<long> bins) => HistogramRun(source, min, max, bins, true);

    internal static void HistogramRun(ReadOnlySpan<float> source, float min, float max, Span<long> bins, bool simd)
    {
        if (bins.IsEmpty) throw new ArgumentException("The histogram has no bins.", nameof(bins));
        if (!float.IsFinite(min) || !float.IsFinite(max) || !(max > min))
            throw new ArgumentException($"The histogram range [{min}, {max}] is not a finite interval.", nameof(max));
        float k = bins.Length / (max - min), last = bins.Length - 1;
        int n = source.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(source);
        if (simd && Vector256.IsHardwareAccelerated)
        {
            Span<int> index = stackalloc int[8];
            Vector256<float> lo = Vector256.Create(min), kv = Vector256.Create(k), top = Vector256.Create(last);
            for (; i <= n - 8; i += 8)
            {
                var x = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var v = (x - lo) * kv;
                v = Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero), Vector256<float>.Zero, v);
                v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, top), top, v);
                var idx = Vector256.ConditionalSelect(Vector256.Equals(x, x).AsInt32(), Vector256.ConvertToInt32(v), Vector256.Create(-1));
                idx.CopyTo(index);
                foreach (int b in index)
                    if (b >= 0) bins[b]++;
            }
        }
        for (; i < n; i++)
        {
            float x = source[i];
            if (float.IsNaN(x)) continue;
            float v = (x - min) * k;
            v = v < 0f ? 0f : v > last ? last : v;
            bins[(int)v]++;
        }
    }
}
