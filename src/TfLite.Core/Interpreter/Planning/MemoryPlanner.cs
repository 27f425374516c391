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

    private static bool Overlaps(BufferRequest a, BufferRequest b) =>
        a.FirstUsed <= b.LastUsed && b.FirstUsed <= a.LastUsed;
}
