using TfLite.Core.Tests.Conformance.Harness;
using Xunit;

namespace TfLite.Core.Tests.Conformance;

/// <summary>Turns a conformance result into a test outcome, after saving it for the report.</summary>
internal static class ModelConformance
{
    public static void Assert(ConformanceResult result)
    {
        result.Save();
        Skip.If(result.Skipped is not null, result.Skipped);
        Xunit.Assert.True(result.Failures.Count == 0, $"{result.Id}:\n" + string.Join("\n", result.Failures));
    }
}
