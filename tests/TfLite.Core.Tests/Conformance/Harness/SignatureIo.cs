using TfLite.Core.Graph;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>A graph's inputs and outputs in the order the oracle uses: the first signature's, else the subgraph's.</summary>
public sealed record SignatureIo(IReadOnlyList<(string Name, Tensor Tensor)> Inputs, IReadOnlyList<(string Name, Tensor Tensor)> Outputs)
{
    /// <summary>Reads the order from a graph.</summary>
    public static SignatureIo Of(TfLiteGraph graph)
    {
        if (graph.SignatureDefs.Count > 0)
        {
            var s = graph.SignatureDefs[0];
            return new(s.Inputs.Select(kv => (kv.Key, kv.Value)).ToList(), s.Outputs.Select(kv => (kv.Key, kv.Value)).ToList());
        }
        return new(graph.Inputs.Select(t => (t.Name, t)).ToList(), graph.Outputs.Select(t => (t.Name, t)).ToList());
    }

    /// <summary>For each wanted name, the index of the matching entry (by signature name, tensor name, or a tensor
    /// name containing it); falls back to positions when the names do not all match one to one.</summary>
    public static int[] Match(IReadOnlyList<(string Name, Tensor Tensor)> entries, IReadOnlyList<string> wanted)
    {
        if (entries.Count != wanted.Count)
            throw new InvalidOperationException($"{entries.Count} tensors, expected {wanted.Count} ({string.Join(", ", wanted)}).");
        var byName = wanted.Select(w =>
        {
            var i = IndexWhere(entries, e => e.Name == w);
            if (i < 0) i = IndexWhere(entries, e => e.Tensor.Name == w);
            if (i < 0) i = IndexWhere(entries, e => e.Tensor.Name.Split(':', ';')[0].EndsWith(w, StringComparison.Ordinal));
            return i;
        }).ToArray();
        return byName.All(i => i >= 0) && byName.Distinct().Count() == byName.Length
            ? byName
            : Enumerable.Range(0, wanted.Count).ToArray();
    }

    private static int IndexWhere(IReadOnlyList<(string Name, Tensor Tensor)> entries, Func<(string Name, Tensor Tensor), bool> f)
    {
        for (var i = 0; i < entries.Count; i++) if (f(entries[i])) return i;
        return -1;
    }
}
