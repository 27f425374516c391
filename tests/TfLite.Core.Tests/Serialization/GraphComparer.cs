using System.Collections;
using System.Globalization;
using TfLite.Core.Graph;

namespace TfLite.Core.Tests.Serialization;

/// <summary>
/// Structural equality of two graphs, independent of object identity: everything a TFLite file can carry (tensors,
/// their data and which of them share it, quantization, operators with options, signatures, metadata,
/// description). Tensors are matched by position. <see cref="TfLiteGraph.Name"/> and <see cref="TfLiteGraph.SourcePath"/>
/// describe where a graph came from and are not compared.
/// </summary>
public static class GraphComparer
{
    /// <summary>The differences, empty when the graphs are equal.</summary>
    public static List<string> Differences(TfLiteGraph expected, TfLiteGraph actual)
    {
        var d = new List<string>();
        Same(d, "description", expected.Description, actual.Description);
        Same(d, "schema version", expected.SchemaVersion, actual.SchemaVersion);
        Same(d, "subgraph count", expected.Subgraphs.Count, actual.Subgraphs.Count);
        for (var s = 0; s < Math.Min(expected.Subgraphs.Count, actual.Subgraphs.Count); s++)
            CompareSubgraph(d, $"subgraph {s}", expected.Subgraphs[s], actual.Subgraphs[s]);
        CompareBufferSharing(d, expected, actual);
        Same(d, "signature count", expected.SignatureDefs.Count, actual.SignatureDefs.Count);
        for (var i = 0; i < Math.Min(expected.SignatureDefs.Count, actual.SignatureDefs.Count); i++)
            CompareSignature(d, $"signature {i}", expected, expected.SignatureDefs[i], actual, actual.SignatureDefs[i]);
        Same(d, "metadata names", string.Join(",", expected.Metadata.Select(m => m.Key)), string.Join(",", actual.Metadata.Select(m => m.Key)));
        foreach (var (e, a) in expected.Metadata.Zip(actual.Metadata))
            Same(d, $"metadata '{e.Key}'", Convert.ToHexString(e.Value), Convert.ToHexString(a.Value));
        return d;
    }

    private static void CompareSubgraph(List<string> d, string at, Subgraph e, Subgraph a)
    {
        Same(d, at + " name", e.Name, a.Name);
        Same(d, at + " tensor count", e.Tensors.Count, a.Tensors.Count);
        for (var t = 0; t < Math.Min(e.Tensors.Count, a.Tensors.Count); t++)
            CompareTensor(d, $"{at} tensor {t}", e.Tensors[t], a.Tensors[t]);
        Same(d, at + " inputs", Indices(e, e.Inputs), Indices(a, a.Inputs));
        Same(d, at + " outputs", Indices(e, e.Outputs), Indices(a, a.Outputs));
        Same(d, at + " operator count", e.Operators.Count, a.Operators.Count);
        for (var o = 0; o < Math.Min(e.Operators.Count, a.Operators.Count); o++)
        {
            var (eo, ao) = (e.Operators[o], a.Operators[o]);
            var where = $"{at} operator {o} ({eo.Code})";
            Same(d, where + " code", eo.Code, ao.Code);
            Same(d, where + " custom code", eo.CustomCode, ao.CustomCode);
            Same(d, where + " version", eo.Version, ao.Version);
            Same(d, where + " inputs", Indices(e, eo.Inputs), Indices(a, ao.Inputs));
            Same(d, where + " outputs", Indices(e, eo.Outputs), Indices(a, ao.Outputs));
            Same(d, where + " intermediates", Indices(e, eo.Intermediates), Indices(a, ao.Intermediates));
            Same(d, where + " options", Describe(eo.Options), Describe(ao.Options));
            Same(d, where + " custom options", Hex(eo.CustomOptions), Hex(ao.CustomOptions));
        }
    }

    private static void CompareTensor(List<string> d, string at, Tensor e, Tensor a)
    {
        Same(d, at + " name", e.Name, a.Name);
        Same(d, at + " type", e.Type, a.Type);
        Same(d, at + " shape", Shape.Format(e.Shape), Shape.Format(a.Shape));
        Same(d, at + " shape signature", Format(e.ShapeSignature), Format(a.ShapeSignature));
        Same(d, at + " has rank", e.HasRank, a.HasRank);
        Same(d, at + " is variable", e.IsVariable, a.IsVariable);
        Same(d, at + " data", Hex(e.Data), Hex(a.Data));
        Same(d, at + " quantization", Describe(e.Quantization), Describe(a.Quantization));
    }

    private static void CompareSignature(List<string> d, string at, TfLiteGraph eg, SignatureDef e, TfLiteGraph ag, SignatureDef a)
    {
        Same(d, at + " key", e.Key, a.Key);
        Same(d, at + " subgraph", e.SubgraphIndex, a.SubgraphIndex);
        Same(d, at + " inputs", Names(eg, e.SubgraphIndex, e.Inputs), Names(ag, a.SubgraphIndex, a.Inputs));
        Same(d, at + " outputs", Names(eg, e.SubgraphIndex, e.Outputs), Names(ag, a.SubgraphIndex, a.Outputs));
    }

    // Which tensors hold the same array must agree: that is how TFLite buffers are shared.
    private static void CompareBufferSharing(List<string> d, TfLiteGraph e, TfLiteGraph a) =>
        Same(d, "buffer sharing", SharingPattern(e), SharingPattern(a));

    private static string SharingPattern(TfLiteGraph g)
    {
        var first = new Dictionary<byte[], string>(ReferenceEqualityComparer.Instance);
        var pattern = new List<string>();
        for (var s = 0; s < g.Subgraphs.Count; s++)
            for (var t = 0; t < g.Subgraphs[s].Tensors.Count; t++)
                if (g.Subgraphs[s].Tensors[t].Data is { } data)
                {
                    var here = $"{s}.{t}";
                    pattern.Add(first.TryGetValue(data, out var owner) ? $"{here}={owner}" : here);
                    first.TryAdd(data, here);
                }
        return string.Join(" ", pattern);
    }

    private static string Indices(Subgraph s, IEnumerable<Tensor?> tensors) =>
        string.Join(",", tensors.Select(t => t is null ? -1 : IndexOf(s, t)));

    private static int IndexOf(Subgraph s, Tensor t)
    {
        var i = s.Tensors.FindIndex(x => ReferenceEquals(x, t));
        return i >= 0 ? i : throw new InvalidOperationException($"Tensor {t} is not in subgraph {s.Name}.");
    }

    private static string Names(TfLiteGraph g, int subgraph, List<KeyValuePair<string, Tensor>> map) =>
        string.Join(",", map.Select(kv => $"{kv.Key}->{IndexOf(g.Subgraphs[subgraph], kv.Value)}"));

    private static string Describe(QuantizationParameters? q) => q is null
        ? "none"
        : $"scale={Format(q.Scale)} zp={Format(q.ZeroPoint)} dim={q.QuantizedDimension} min={Format(q.Min)} max={Format(q.Max)}";

    // Options records hold arrays, which record equality compares by reference; compare their values instead.
    private static string Describe(OperatorOptions? o) => o is null
        ? "none"
        : o.GetType().Name + "{" + string.Join(", ", o.GetType().GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={FormatValue(p.GetValue(o))}")) + "}";

    private static string FormatValue(object? v) => v switch
    {
        null => "null",
        string s => '"' + s + '"',
        IEnumerable e => Format(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Format(IEnumerable? values) => values is null
        ? "null"
        : "[" + string.Join(",", values.Cast<object>().Select(FormatValue)) + "]";

    private static string Hex(byte[]? bytes) => bytes is null ? "null" : Convert.ToHexString(bytes);

    private static void Same<T>(List<string> d, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            d.Add($"{what}: expected {Shorten(expected)}, got {Shorten(actual)}");
    }

    private static string Shorten(object? v)
    {
        var s = FormatValue(v);
        return s.Length <= 200 ? s : s[..200] + $"... ({s.Length} chars)";
    }
}
