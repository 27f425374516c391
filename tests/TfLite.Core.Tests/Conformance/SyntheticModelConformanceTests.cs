using TfLite.Core.Tests.Conformance.Harness;
using TfLite.Core.Tests.Conformance.Synthetic;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;

namespace TfLite.Core.Tests.Conformance;

/// <summary>
/// The synthetic models (layers and structures no real model uses), written as a tf.keras 2.15 <c>.h5</c> and as a
/// Keras 3 <c>.keras</c> archive, convert and match the float64 Keras reference in LiteRT on 20 seeded inputs.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class SyntheticModelConformanceTests
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var name in SyntheticCatalog.Cases.Keys)
            {
                data.Add(name, "h5");
                data.Add(name, "keras");
            }
            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Converts_and_matches_the_reference(string name, string format)
    {
        var major = format == "keras" ? 3 : 2;
        var model = SyntheticCatalog.Cases[name](major);
        var weights = model.Weights(major).Select(p => KeyValuePair.Create(p.Key,
            (IReadOnlyList<TestWeight>)p.Value.Select(w => new TestWeight(w.Name ?? "var", w.Shape, w.Values)).ToList()));
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, $"{name}.{format}");
        if (major == 3) KerasArchiveWriter.Write(path, model.ConfigJson(3), weights);
        else LegacyH5Writer.Write(path, model.ConfigJson(2), weights, new LegacyH5Options { KerasVersion = "2.15.0" });
        ModelConformance.Assert(ConformanceRunner.Check($"{name}.{format}", "synthetic", path, null));
    }
}
