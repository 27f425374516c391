namespace TfLite.Core.Interpreter;

/// <summary>
/// Places buffers in one arena the way TFLite Micro's GreedyMemoryPlanner does: sizes rounded up to 16 bytes,
/// buffers taken from the biggest down (equal sizes keep their request order), each put at the lowest offset where it
/// fits between the already placed buffers whose lifetimes overlap its own.
/// </summary>
public static class MemoryPlanner
{
    /// <summary>Alignment of every buffer's offset and size.</summary>
    public const int Alignment = 16;

    /// <summary>Rounds <paramref name="size"/> up to <see cref="Alignment"/>.</summary>
    public static int AlignUp(int size) => checked((size + Alignment - 1) / Alignment * Alignment);

    /// <summary>Plans the given buffers.</summary>
    public static MemoryPlan Plan(IReadOnlyList<BufferRequest> requests)
    {
        var order = Enumerable.Range(0, requests.Count)
            .OrderByDescending(i => AlignUp(requests[i].Size))
            .ThenBy(i => i)
            .ToArray();
        var offsets = new int[requests.Count];
        var placed = new List<int>(requests.Count); // kept sorted by offset
        long arena = 0;
        foreach (var i in order)
        {
            var r = requests[i];
            int size = AlignUp(r.Size);
            long candidate = 0;
            foreach (var p in placed)
            {
                var other = requests[p];
                if (!Overlaps(r, other)) continue;
                if (offsets[p] - candidate >= size) break;
                candidate = Math.Max(candidate, offsets[p] + (long)AlignUp(other.Size));
            }
            if (candidate + size > int.MaxValue)
                throw new InterpreterException("ArenaTooLarge", $"The tensor arena would exceed {int.MaxValue} bytes (at tensor '{r.Name}').", r.Name);
            offsets[i] = (int)candidate;
            int at = placed.FindIndex(p => offsets[p] > candidate);
            placed.Insert(at < 0 ? placed.Count : at, i);
            arena = Math.Max(arena, candidate + size);
        }
        var entries = requests.Select((r, i) => new MemoryPlanEntry(r.Id, r.Name, offsets[i], r.Size, r.FirstUsed, r.LastUsed)).ToArray();
        return new MemoryPlan((int)arena, entries);
    }

    /// <summary>Plans a subgraph as stored (static shapes, dynamic dims as 1), without running it: every
    /// non-constant, non-variable tensor that an operator or the graph uses, alive from its first to its last use.</summary>
    public static MemoryPlan Plan(Graph.Subgraph subgraph) => Plan(Requests(subgraph, t => checked((int)Graph.Shape.ElementCount(t.Shape) * RuntimeTensor.ElementSize(t.Type))));

    /// <summary>The buffer requests of a subgraph with lifetimes as TFLite Micro assigns them: graph inputs from
    /// operator 0, graph outputs to the last operator, other tensors from their first to their last use.</summary>
    internal static List<BufferRequest> Requests(Graph.Subgraph subgraph, Func<Graph.Tensor, int> size, Func<Graph.Tensor, bool>? exclude = null)
    {
        var index = new Dictionary<Graph.Tensor, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < subgraph.Tensors.Count; i++) index[subgraph.Tensors[i]] = i;
        var first = new int[subgraph.Tensors.Count];
        var last = new int[subgraph.Tensors.Count];
        Array.Fill(first, -1);
        Array.Fill(last, -1);
        void Use(Graph.Tensor t, int op)
        {
            if (!index.TryGetValue(t, out var i)) return;
            if (first[i] < 0) first[i] = op;
            last[i] = Math.Max(last[i], op);
        }
        foreach (var t in subgraph.Inputs) Use(t, 0);
        for (int op = 0; op < subgraph.Operators.Count; op++)
        {
            foreach (var t in subgraph.Operators[op].Inputs) if (t is not null) Use(t, op);
            foreach (var t in subgraph.Operators[op].Outputs) Use(t, op);
        }
        foreach (var t in subgraph.Outputs) Use(t, Math.Max(subgraph.Operators.Count - 1, 0));
        var requests = new List<BufferRequest>();
        for (int i = 0; i < subgraph.Tensors.Count; i++)
        {
            var t = subgraph.Tensors[i];
            if (first[i] < 0 || t.IsConstant || t.IsVariable || t.Type == Graph.TensorType.Resource || (exclude?.Invoke(t) ?? false)) continue;
            requests.Add(new BufferRequest(i, t.Name, size(t), first[i], last[i]));
        }
        return requests;
    }

    private static bool Overlaps(BufferRequest a, BufferRequest b) =>
        a.FirstUsed <= b.LastUsed && b.FirstUsed <= a.LastUsed;
}
