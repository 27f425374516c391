namespace TfLite.Core.Interpreter;

/// <summary>Where one buffer lives in the arena.</summary>
/// <param name="TensorIndex">Index of the tensor in its subgraph.</param>
/// <param name="TensorName">The tensor's name.</param>
/// <param name="Offset">Byte offset in the arena (a multiple of <see cref="MemoryPlanner.Alignment"/>).</param>
/// <param name="Size">Bytes the tensor needs (before alignment).</param>
/// <param name="FirstOperator">First operator that uses it.</param>
/// <param name="LastOperator">Last operator that uses it.</param>
public sealed record MemoryPlanEntry(int TensorIndex, string TensorName, int Offset, int Size, int FirstOperator, int LastOperator);

/// <summary>A placement of every non-persistent tensor in one arena.</summary>
public sealed class MemoryPlan
{
    internal MemoryPlan(int arenaBytes, IReadOnlyList<MemoryPlanEntry> entries)
    {
        ArenaBytes = arenaBytes;
        Entries = entries;
    }

    /// <summary>Bytes of the arena: the highest end of any placed (aligned) buffer.</summary>
    public int ArenaBytes { get; }

    /// <summary>One entry per placed buffer, in the order of the requests.</summary>
    public IReadOnlyList<MemoryPlanEntry> Entries { get; }

    /// <summary>Sum of all buffer sizes: what the arena would be without any sharing.</summary>
    public long UnsharedBytes => Entries.Sum(e => (long)MemoryPlanner.AlignUp(e.Size));
}
