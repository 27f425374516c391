namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>How far one set of outputs is from the truth: the largest <c>|ours - theirs| / max(1, |theirs|)</c> and
/// the largest absolute difference, over every output element.</summary>
/// <param name="MaxScaledDiff">Largest difference scaled by <c>max(1, |theirs|)</c>.</param>
/// <param name="MaxAbsDiff">Largest absolute difference.</param>
/// <param name="Problem">A shape or count mismatch, or a non-finite value; null when the outputs are comparable.</param>
/// <param name="WorstOutput">Index of the output holding <see cref="MaxScaledDiff"/>.</param>
public sealed record OutputComparison(double MaxScaledDiff, double MaxAbsDiff, string? Problem, int WorstOutput = 0)
{
    /// <summary>The acceptance bound on <see cref="MaxScaledDiff"/>.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>True when comparable and within <see cref="Tolerance"/>.</summary>
    public bool Passes => Problem is null && MaxScaledDiff <= Tolerance;

    /// <summary>Compares outputs position by position.</summary>
    public static OutputComparison Of(IReadOnlyList<BatchOutput> ours, IReadOnlyList<BatchOutput> theirs)
    {
        if (ours.Count != theirs.Count) return new(double.NaN, double.NaN, $"{ours.Count} outputs, truth has {theirs.Count}");
        double scaled = 0, abs = 0;
        var worst = 0;
        for (var o = 0; o < ours.Count; o++)
        {
            var (a, b) = (ours[o], theirs[o]);
            if (!a.SampleShape.SequenceEqual(b.SampleShape))
                return new(double.NaN, double.NaN, $"output {o} has shape [{string.Join(",", a.SampleShape)}], truth [{string.Join(",", b.SampleShape)}]");
            if (a.Values.Length != b.Values.Length)
                return new(double.NaN, double.NaN, $"output {o} has {a.Values.Length} values, truth {b.Values.Length}");
            for (var i = 0; i < a.Values.Length; i++)
            {
                if (!double.IsFinite(a.Values[i]) || !double.IsFinite(b.Values[i]))
                    return new(double.NaN, double.NaN, $"output {o}[{i}] is not finite (ours {a.Values[i]}, truth {b.Values[i]})");
                var d = Math.Abs(a.Values[i] - b.Values[i]);
                abs = Math.Max(abs, d);
                var s = d / Math.Max(1, Math.Abs(b.Values[i]));
                if (s > scaled) (scaled, worst) = (s, o);
            }
        }
        return new(scaled, abs, null, worst);
    }
}
