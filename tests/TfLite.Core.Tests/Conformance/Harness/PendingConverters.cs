namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>
/// Layer classes whose converter has not landed yet. A model is skipped (not failed) only while the importer rejects
/// one of these classes as a whole (<c>UnsupportedLayer</c>); once the converter exists, any error fails the test.
/// </summary>
public static class PendingConverters
{
    /// <summary>The reason shown for such a skip.</summary>
    public const string Reason = "recurrent layers pending";

    private static readonly HashSet<string> Classes = ["SimpleRNN", "LSTM", "GRU"];

    /// <summary>True when the result failed only because a pending layer class is not converted yet.</summary>
    public static bool IsPending(ConformanceResult result) =>
        result.Failures.Count == 1 && result.PendingLayerClass is { } cls && Classes.Contains(cls);
}
