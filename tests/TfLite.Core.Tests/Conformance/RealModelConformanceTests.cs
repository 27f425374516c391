using TfLite.Core.Tests.Conformance.Harness;
using Xunit;

namespace TfLite.Core.Tests.Conformance;

/// <summary>
/// Every Keras model of ../shared/models imports, exports, loads in LiteRT and matches TensorFlow's own float
/// conversion (or the float64 Keras reference where TensorFlow's file is absent) on 20 seeded inputs, with the same
/// operators and a similar file size where TensorFlow's file exists. Results feed docs/conversion-report.md.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class RealModelConformanceTests
{
    public static TheoryData<string> Models => new(RealModelCorpus.All.Select(c => c.Id));

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void Converts_and_matches_the_truth(string id)
    {
        var model = RealModelCorpus.Get(id);
        ModelConformance.Assert(ConformanceRunner.Check(model.Id, "real", model.KerasPath, model.TfFloatPath));
    }
}
