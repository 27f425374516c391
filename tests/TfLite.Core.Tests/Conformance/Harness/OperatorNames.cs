using System.Text.RegularExpressions;
using TfLite.Core.Graph;
using TfLite.Core.Tests.Infrastructure;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>TFLite's own operator names (<c>FULLY_CONNECTED</c>, ...) read from the schema in the shared corpus.</summary>
public static partial class OperatorNames
{
    [GeneratedRegex(@"^\s*([A-Z0-9_]+)\s*=\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex EnumEntry();

    private static readonly Lazy<Dictionary<int, string>> Names = new(() =>
    {
        var schema = File.ReadAllText(SharedData.Path("conformance", "tflite-micro", "schema.fbs"));
        var start = schema.IndexOf("enum BuiltinOperator", StringComparison.Ordinal);
        var body = schema[start..schema.IndexOf('}', start)];
        return EnumEntry().Matches(body).ToDictionary(m => int.Parse(m.Groups[2].Value), m => m.Groups[1].Value);
    });

    /// <summary>The schema name of an operator code.</summary>
    public static string Of(BuiltinOperator op) => Names.Value.TryGetValue((int)op, out var n) ? n : op.ToString();

    /// <summary>Operator counts of a graph's main subgraph, by schema name.</summary>
    public static SortedDictionary<string, int> Histogram(TfLiteGraph graph)
    {
        var h = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var op in graph.Main.Operators)
        {
            var name = op.CustomCode ?? Of(op.Code);
            h[name] = h.GetValueOrDefault(name) + 1;
        }
        return h;
    }

    /// <summary>Per-operator difference <c>ours - theirs</c>, without the zero entries.</summary>
    public static SortedDictionary<string, int> Difference(IReadOnlyDictionary<string, int> ours, IReadOnlyDictionary<string, int> theirs)
    {
        var d = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var k in ours.Keys.Union(theirs.Keys))
        {
            var v = ours.GetValueOrDefault(k) - theirs.GetValueOrDefault(k);
            if (v != 0) d[k] = v;
        }
        return d;
    }

    /// <summary>"OP:+n OP:-m" form of a difference, "none" when empty.</summary>
    public static string Format(IReadOnlyDictionary<string, int> diff) =>
        diff.Count == 0 ? "none" : string.Join(" ", diff.Select(kv => $"{kv.Key}:{kv.Value:+0;-0}"));
}
