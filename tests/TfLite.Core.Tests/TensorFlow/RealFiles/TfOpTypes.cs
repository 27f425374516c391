using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.Tests.TensorFlow.RealFiles;

/// <summary>The TensorFlow op types a graph's outputs depend on, read with the generated protobuf classes only.</summary>
internal static class TfOpTypes
{
    /// <summary>Op types of the nodes reachable from <paramref name="outputs"/> (data and control inputs) without going
    /// past <paramref name="inputs"/>, whose own op types count (as a converter that starts there sees them), sorted.</summary>
    public static IReadOnlyList<string> Reachable(GraphDef graph, IEnumerable<string> outputs, IEnumerable<string> inputs)
    {
        var nodes = graph.Node.ToDictionary(n => n.Name);
        var stops = inputs.Select(NodeName).ToHashSet();
        var seen = new HashSet<string>();
        var pending = new Stack<string>(outputs);
        while (pending.Count > 0)
        {
            var name = NodeName(pending.Pop());
            if (!seen.Add(name) || stops.Contains(name) || !nodes.TryGetValue(name, out var node)) continue;
            foreach (var input in node.Input) pending.Push(input);
        }
        return seen.Where(nodes.ContainsKey).Select(n => nodes[n].Op).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The GraphDef of a binary GraphDef file, of a MetaGraph (<c>.meta</c>) or of a text GraphDef
    /// (<c>.pbtxt</c>, read with <see cref="GraphDefReference.ReadText"/>).</summary>
    public static GraphDef ReadGraph(string path)
    {
        if (path.EndsWith(".pbtxt", StringComparison.Ordinal)) return GraphDefReference.ReadText(path);
        var bytes = File.ReadAllBytes(path);
        return path.EndsWith(".meta", StringComparison.Ordinal) ? MetaGraphDef.Parser.ParseFrom(bytes).GraphDef : GraphDef.Parser.ParseFrom(bytes);
    }

    private static string NodeName(string input)
    {
        var name = input.TrimStart('^');
        var colon = name.IndexOf(':');
        return colon < 0 ? name : name[..colon];
    }
}
