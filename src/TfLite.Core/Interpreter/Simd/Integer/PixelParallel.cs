namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// Splits output pixels into contiguous ranges, one per thread. Each output is computed whole by one thread, so
/// results do not depend on the thread count.
/// </summary>
internal static class PixelParallel
{
    public delegate void RangeBody(int threadIndex, int start, int end);

    public static void For(int pixels, int threads, RangeBody body)
    {
        threads = Math.Max(1, Math.Min(threads, pixels));
        if (threads == 1)
        {
            body(0, 0, pixels);
            return;
        }
        int chunk = (pixels + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => body(t, Math.Min(pixels, t * chunk), Math.Min(pixels, (t + 1) * chunk)));
    }
}
