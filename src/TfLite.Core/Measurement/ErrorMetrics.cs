namespace TfLite.Core.Measurement;

/// <summary>How far an output of the measured model is from the same output of the reference model, over all
/// compared values (error = measured - reference).</summary>
/// <param name="Name">The output's name.</param>
/// <param name="Count">Values compared.</param>
/// <param name="MaxAbsError">Largest |error|.</param>
/// <param name="MeanAbsError">Mean |error|.</param>
/// <param name="Rmse">Root of the mean squared error.</param>
/// <param name="SnrDb">10·log10(Σ reference² / Σ error²); +∞ when the outputs are equal.</param>
/// <param name="CosineSimilarity">reference·measured / (|reference|·|measured|); 1 for two zero vectors.</param>
/// <param name="Top1Agreement">Share of rows (along the last axis) whose largest value has the same index.</param>
public sealed record OutputAccuracy(string Name, long Count, double MaxAbsError, double MeanAbsError, double Rmse,
    double SnrDb, double CosineSimilarity, double Top1Agreement);

/// <summary>Error statistics of one intermediate tensor, as TensorFlow's QuantizationDebugger reports them per layer
/// (error = measured - reference).</summary>
/// <param name="TensorName">Name shared by the tensor in both models.</param>
/// <param name="NumElements">Values compared.</param>
/// <param name="StdDev">Standard deviation of the error.</param>
/// <param name="MeanError">Mean error.</param>
/// <param name="MaxAbsError">Largest |error|.</param>
/// <param name="MeanSquaredError">Mean squared error.</param>
/// <param name="Scale">The measured tensor's quantization scale, or null.</param>
/// <param name="ZeroPoint">The measured tensor's zero point, or null.</param>
public sealed record TensorError(string TensorName, long NumElements, double StdDev, double MeanError, double MaxAbsError,
    double MeanSquaredError, float? Scale, long? ZeroPoint);

/// <summary>The formulas behind <see cref="OutputAccuracy"/> and <see cref="TensorError"/>.</summary>
public static class ErrorMetrics
{
    /// <summary>Compares two equally long value sequences; <paramref name="rowLength"/> is the last axis for top-1.</summary>
    public static OutputAccuracy Compare(string name, ReadOnlySpan<float> measured, ReadOnlySpan<float> reference, int rowLength)
    {
        Require(measured, reference);
        double maxAbs = 0, sumAbs = 0, sumSq = 0, refSq = 0, measSq = 0, dot = 0;
        for (int i = 0; i < measured.Length; i++)
        {
            double m = measured[i], r = reference[i], e = m - r;
            maxAbs = Math.Max(maxAbs, Math.Abs(e));
            sumAbs += Math.Abs(e);
            sumSq += e * e;
            refSq += r * r;
            measSq += m * m;
            dot += m * r;
        }
        int n = Math.Max(measured.Length, 1);
        double snr = sumSq == 0 ? double.PositiveInfinity : 10 * Math.Log10(refSq / sumSq);
        double cosine = refSq == 0 && measSq == 0 ? 1 : dot / Math.Sqrt(refSq * measSq);
        return new OutputAccuracy(name, measured.Length, maxAbs, sumAbs / n, Math.Sqrt(sumSq / n), snr, cosine,
            Top1Agreement(measured, reference, Math.Max(rowLength, 1)));
    }

    /// <summary>Per-tensor error statistics.</summary>
    public static TensorError TensorStats(string name, ReadOnlySpan<float> measured, ReadOnlySpan<float> reference, float? scale, long? zeroPoint)
    {
        Require(measured, reference);
        double sum = 0, sumSq = 0, maxAbs = 0;
        for (int i = 0; i < measured.Length; i++)
        {
            double e = (double)measured[i] - reference[i];
            sum += e;
            sumSq += e * e;
            maxAbs = Math.Max(maxAbs, Math.Abs(e));
        }
        int n = Math.Max(measured.Length, 1);
        double mean = sum / n, mse = sumSq / n;
        return new TensorError(name, measured.Length, Math.Sqrt(Math.Max(mse - mean * mean, 0)), mean, maxAbs, mse, scale, zeroPoint);
    }

    private static double Top1Agreement(ReadOnlySpan<float> measured, ReadOnlySpan<float> reference, int rowLength)
    {
        int rows = measured.Length / rowLength;
        if (rows == 0) return 1;
        int same = 0;
        for (int r = 0; r < rows; r++)
            if (ArgMax(measured.Slice(r * rowLength, rowLength)) == ArgMax(reference.Slice(r * rowLength, rowLength))) same++;
        return (double)same / rows;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    private static void Require(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Cannot compare {a.Length} values with {b.Length}.");
    }
}
