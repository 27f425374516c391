using System.Text.RegularExpressions;
using TfLite.Core.Tests.Infrastructure;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>One real Keras model of the shared corpus, with TensorFlow's own float conversion when there is one.</summary>
/// <param name="Id">Folder slug, plus the file name where a folder holds several Keras models.</param>
/// <param name="KerasPath">The Keras file.</param>
/// <param name="TfFloatPath">TensorFlow's float <c>.tflite</c> of the same model, or null.</param>
public sealed record RealModelCase(string Id, string KerasPath, string? TfFloatPath)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>
/// Lists the models of <c>../shared/models</c> from each folder's SOURCE.md, whose file list tags every file with its
/// kind (<c>keras-h5</c>, <c>keras-v3</c>, <c>qat-h5</c>, <c>tflite-float</c>, ...). QAT-wrapped files belong to the
/// quantization work and are left out.
/// </summary>
public static partial class RealModelCorpus
{
    [GeneratedRegex(@"^\s*-\s*`[0-9a-f]+`\s*:\s*`(?<path>[^`]+)`\s*->\s*(?<kind>[a-z0-9-]+)", RegexOptions.Multiline)]
    private static partial Regex FileLine();

    private static readonly Lazy<IReadOnlyList<RealModelCase>> Cases = new(Load);

    /// <summary>All cases, ordered by id.</summary>
    public static IReadOnlyList<RealModelCase> All => Cases.Value;

    /// <summary>The case with this id.</summary>
    public static RealModelCase Get(string id) =>
        All.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"No model '{id}' in {SharedData.Path("models")}.");

    private static IReadOnlyList<RealModelCase> Load()
    {
        var cases = new List<RealModelCase>();
        foreach (var dir in Directory.GetDirectories(SharedData.Path("models")).Order(StringComparer.Ordinal))
        {
            var source = Path.Combine(dir, "SOURCE.md");
            if (!File.Exists(source)) continue;
            var files = FileLine().Matches(File.ReadAllText(source))
                .Select(m => (Path: Path.Combine(dir, Path.GetFileName(m.Groups["path"].Value)), Kind: m.Groups["kind"].Value))
                .ToList();
            var keras = files.Where(f => f.Kind is "keras-h5" or "keras-v3").ToList();
            var tfFloat = files.Where(f => f.Kind == "tflite-float").Select(f => f.Path).ToList();
            var slug = Path.GetFileName(dir);
            foreach (var k in keras)
            {
                var id = keras.Count == 1 ? slug : $"{slug}/{Path.GetFileName(k.Path)}";
                cases.Add(new RealModelCase(id, k.Path, keras.Count == 1 && tfFloat.Count == 1 ? tfFloat[0] : null));
            }
        }
        return cases;
    }
}
