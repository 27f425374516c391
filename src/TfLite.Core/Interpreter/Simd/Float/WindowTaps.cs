namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>Which taps of a window row (or column) fall inside the image: taps outside are skipped, as TFLite's
/// reference kernels skip them.</summary>
internal static class WindowTaps
{
    /// <summary>The taps t in [Start, End) with 0 &lt;= origin + dilation * t &lt; size.</summary>
    public static (int Start, int End) Inside(int origin, int dilation, int size, int taps)
    {
        if (dilation == 1) return (Math.Max(0, -origin), Math.Max(Math.Max(0, -origin), Math.Min(taps, size - origin)));
        int start = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
        int end = size - origin <= 0 ? 0 : Math.Min(taps, (size - origin + dilation - 1) / dilation);
        return (start, Math.Max(start, end));
    }
}
