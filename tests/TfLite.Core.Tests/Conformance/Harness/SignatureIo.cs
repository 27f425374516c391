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

    /// <summary>Input positions matching Keras input names (see <see cref="Match(IReadOnlyList{ValueTuple{string, string}}, IReadOnlyList{string})"/>).</summary>
    public int[] MatchInputs(IReadOnlyList<string> wanted) => Match(Inputs.Select(e => (e.Name, e.Tensor.Name)).ToList(), wanted);

    /// <summary>Output positions matching Keras output layer names.</summary>
    public int[] MatchOutputs(IReadOnlyList<string> wanted) => Match(Outputs.Select(e => (e.Name, e.Tensor.Name)).ToList(), wanted);

    /// <summary>For each wanted name, the index of the matching entry (by signature name, tensor name, or a tensor
    /// name ending in it); falls back to positions when the names do not all match one to one.</summary>
    public static int[] Match(IReadOnlyList<(string Name, string TensorName)> entries, IReadOnlyList<string> wanted)
    {
        if (entries.Count != wanted.Count)
            throw new InvalidOperationException($"{entries.Count} tensors, expected {wanted.Count} ({string.Join(", ", wanted)}).");
        var byName = wanted.Select(w =>
        {
            var i = IndexWhere(entries, e => e.Name == w);
            if (i < 0) i = IndexWhere(entries, e => e.TensorName == w);
            if (i < 0) i = IndexWhere(entries, e => e.TensorName.Split(':', ';')[0].EndsWith(w, StringComparison.Ordinal));
            return i;
        }).ToArray();
        return byName.All(i => i >= 0) && byName.Distinct().Count() == byName.Length
            ? byName
            : Enumerable.Range(0, wanted.Count).ToArray();
    }

    private static int IndexWhere(IReadOnlyList<(string Name, string TensorName)> entries, Func<(string Name, string TensorName), bool> f)
    {
        for (var i = 0; i < entries.Count; i++) if (f(entries[i])) return i;
        return -1;
    }
}
