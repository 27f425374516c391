using System.Globalization;
using System.Text.RegularExpressions;

namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>One weight dataset that a model's SOURCE.md lists, with its shape.</summary>
/// <param name="Path">Path inside the weights group, e.g. <c>dense/sequential/dense/kernel</c> or
/// <c>layers/batch_normalization/vars/0</c>.</param>
/// <param name="Shape">The shape SOURCE.md gives.</param>
public sealed record ListedDataset(string Path, int[] Shape);

/// <summary>A real Keras model file from <c>../shared/models</c> with the facts its SOURCE.md states about it.</summary>
/// <param name="Slug">The folder name.</param>
/// <param name="FilePath">Absolute path of the model file.</param>
/// <param name="KerasVersion">The <c>keras_version</c> SOURCE.md gives.</param>
/// <param name="Backend">The backend SOURCE.md gives, or null where it says the file records none.</param>
/// <param name="ModelClass">The top-level model class (<c>Sequential</c>, <c>Functional</c>, <c>Model</c>).</param>
/// <param name="WeightDatasetCount">How many weight datasets the weights group holds.</param>
/// <param name="FirstDatasets">The first datasets SOURCE.md lists, in its order.</param>
public sealed record RealKerasModel(
    string Slug, string FilePath, string KerasVersion, string? Backend, string ModelClass,
    int WeightDatasetCount, IReadOnlyList<ListedDataset> FirstDatasets)
{
    /// <summary>The file name, which is how tests show the model.</summary>
    public string FileName => System.IO.Path.GetFileName(FilePath);

    /// <inheritdoc />
    public override string ToString() => $"{Slug}/{FileName}";
}

/// <summary>Enumerates the real Keras files of the shared corpus and parses their SOURCE.md facts.</summary>
public static partial class RealKerasModels
{
    private static readonly Lazy<IReadOnlyList<RealKerasModel>> AllModels = new(Load);

    /// <summary>Every Keras model file (<c>.h5</c>, <c>.hdf5</c>, <c>.keras</c>) of <c>../shared/models</c>.</summary>
    public static IReadOnlyList<RealKerasModel> All => AllModels.Value;

    /// <summary>The model with this file name in this folder.</summary>
    public static RealKerasModel Get(string slug, string fileName) =>
        All.Single(m => m.Slug == slug && m.FileName == fileName);

    /// <summary>xunit member data: one row per model file, identified by slug and file name.</summary>
    public static IEnumerable<object[]> Rows() => All.Select(m => new object[] { m.Slug, m.FileName });

    [GeneratedRegex(@"^### `(?<file>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^- keras_version: `(?<version>[^`]+)`; backend: `(?<backend>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^- model class: `(?<class>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex ClassLine();

    [GeneratedRegex(@"^- weight datasets in `[^`]+`: (?<count>\d+); first ones: (?<list>.*)$", RegexOptions.Multiline)]
    private static partial Regex DatasetsLine();

    [GeneratedRegex(@"`(?<path>[^`]+)` \((?<shape>[^)]*)\)")]
    private static partial Regex DatasetItem();

    private static IReadOnlyList<RealKerasModel> Load()
    {
        var models = new List<RealKerasModel>();
        foreach (var folder in Directory.GetDirectories(SharedData.Path("models")).Order(StringComparer.Ordinal))
        {
            var source = File.ReadAllText(System.IO.Path.Combine(folder, "SOURCE.md"));
            var headers = SectionHeader().Matches(source);
            for (var i = 0; i < headers.Count; i++)
            {
                var file = headers[i].Groups["file"].Value;
                if (!IsKerasFile(file)) continue;
                var end = i + 1 < headers.Count ? headers[i + 1].Index : source.Length;
                models.Add(Parse(folder, file, source[headers[i].Index..end]));
            }
        }
        return models;
    }

    private static bool IsKerasFile(string file) =>
        file.EndsWith(".h5", StringComparison.Ordinal) || file.EndsWith(".hdf5", StringComparison.Ordinal) || file.EndsWith(".keras", StringComparison.Ordinal);

    private static RealKerasModel Parse(string folder, string file, string section)
    {
        var version = VersionLine().Match(section);
        var datasets = DatasetsLine().Match(section);
        if (!version.Success || !datasets.Success)
            throw new InvalidDataException($"SOURCE.md of {folder} lacks the keras_version or weight dataset facts for {file}.");

        var backend = version.Groups["backend"].Value;
        var listed = DatasetItem().Matches(datasets.Groups["list"].Value)
            .Select(m => new ListedDataset(m.Groups["path"].Value, ParseShape(m.Groups["shape"].Value)))
            .ToArray();
        return new RealKerasModel(
            System.IO.Path.GetFileName(folder),
            System.IO.Path.Combine(folder, file),
            version.Groups["version"].Value,
            backend.StartsWith("n/a", StringComparison.Ordinal) ? null : backend,
            ClassLine().Match(section).Groups["class"].Value,
            int.Parse(datasets.Groups["count"].Value, CultureInfo.InvariantCulture),
            listed);
    }

    // Python tuple syntax: "(16,)", "(1, 16)", "()".
    private static int[] ParseShape(string tuple) =>
        tuple.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture))
            .ToArray();
}
