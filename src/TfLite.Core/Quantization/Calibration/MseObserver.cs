namespace TfLite.Core.Quantization.Calibration;

/// <summary>
/// Picks the clipping range with the smallest quantization mean squared error: candidates shrink the observed range
/// (widened to contain 0) by factors k/100, k = 1..100; each is quantized with TensorFlow's asymmetric parameters for
/// [qmin, qmax], and its error is summed over the histogram's bin centres weighted by their counts. Ties keep the
/// wider range.
/// </summary>
public sealed class MseObserver : HistogramObserver
{
    private const int Candidates = 100;

    /// <inheritdoc/>
    protected override (float Min, float Max) ChooseRange(int qmin, int qmax)
    {
        var bins = Bins;
        float lo = MathF.Min(Min, 0f), hi = MathF.Max(Max, 0f);
        if (!float.IsFinite(lo) || !float.IsFinite(hi)) return (lo, hi);
        var centres = new float[bins.Length];
        for (int i = 0; i < bins.Length; i++) centres[i] = (Edge(i) + Edge(i + 1)) / 2;
        (float Min, float Max) best = (lo, hi);
        double bestError = double.PositiveInfinity;
        for (int k = Candidates; k >= 1; k--)
        {
            float a = lo * k / Candidates, b = hi * k / Candidates;
            var p = QuantizationParameterChooser.ChooseQuantizationParams(a, b, qmin, qmax);
            if (p.Scale == 0f) continue;
            double error = 0;
            for (int i = 0; i < bins.Length; i++)
            {
                if (bins[i] == 0) continue;
                int q = ScalarQuantizeKernels.QuantizeOne(centres[i], p.Scale, p.ZeroPoint, qmin, qmax, QuantizeArithmetic.Divide);
                double d = centres[i] - (double)p.Scale * (q - p.ZeroPoint);
                error += bins[i] * d * d;
            }
            if (error < bestError) (bestError, best) = (error, (a, b));
        }
        return best;
    }
}
