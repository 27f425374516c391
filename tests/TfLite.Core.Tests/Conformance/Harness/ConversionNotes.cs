using TfLite.Core.Tests.Infrastructure;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>
/// The deliberate operator differences from TensorFlow's own conversion, as documented in docs/conversion-notes.md:
/// a table whose rows are <c>| model id | OP:+n OP:-m | reason |</c>. A model without a row must match exactly.
/// </summary>
public static class ConversionNotes
{
    /// <summary>The notes file.</summary>
    public static string PathOf => System.IO.Path.Combine(SharedData.RepoRoot, "docs", "conversion-notes.md");

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Rows = new(Load);

    /// <summary>The documented difference of a model (<see cref="OperatorNames.Format"/> form), or "none".</summary>
    public static string DocumentedDifference(string id) => Rows.Value.TryGetValue(id, out var d) ? d : "none";

    private static IReadOnlyDictionary<string, string> Load()
    {
        var rows = new Dictionary<string, string>();
        if (!File.Exists(PathOf)) return rows;
        foreach (var line in File.ReadLines(PathOf))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            // "| id | diff | reason |" splits into ["", id, diff, reason, ""].
            if (cells.Length < 5 || cells[1].Length == 0 || cells[1].StartsWith('-') || cells[1] == "model") continue;
            rows[cells[1].Trim('`')] = Normalize(cells[2].Trim('`'));
        }
        return rows;
    }

    /// <summary>Sorts the entries of a difference string so that order in the doc does not matter.</summary>
    public static string Normalize(string diff)
    {
        var parts = diff.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        return parts.Length == 0 ? "none" : string.Join(" ", parts);
    }
}
