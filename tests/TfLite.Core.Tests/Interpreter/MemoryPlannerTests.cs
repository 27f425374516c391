using Xunit;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Tests.InterpreterTests;

/// <summary>The greedy planner on hand-worked cases.</summary>
public sealed class MemoryPlannerTests
{
    [Fact]
    public void Biggest_first_then_lowest_gap_that_fits()
    {
        // A (100 B, ops 0-1), B (50 B, ops 1-2), C (200 B, ops 2-3), D (30 B, ops 0-3).
        // Aligned sizes: 112, 64, 208, 32. Order: C, A, B, D.
        // C at 0. A overlaps C? A [0,1], C [2,3]: no -> 0. B [1,2] overlaps A (0..112) and C (0..208) -> 208.
        // D [0,3] overlaps all: A 0..112, C 0..208, B 208..272 -> 272.
        var plan = MemoryPlanner.Plan(
        [
            new BufferRequest(0, "A", 100, 0, 1),
            new BufferRequest(1, "B", 50, 1, 2),
            new BufferRequest(2, "C", 200, 2, 3),
            new BufferRequest(3, "D", 30, 0, 3),
        ]);
        Assert.Equal(new[] { 0, 208, 0, 272 }, plan.Entries.Select(e => e.Offset));
        Assert.Equal(304, plan.ArenaBytes);
    }

    [Fact]
    public void A_buffer_fills_a_gap_between_two_others()
    {
        // X (64, ops 0-0) at 0; Y (64, ops 1-1) at 0; Z (32, ops 0-5) -> 64 (after X); W (16, ops 1-5) overlaps Y 0..64 and Z 64..96 -> 96.
        var plan = MemoryPlanner.Plan(
        [
            new BufferRequest(0, "X", 64, 0, 0),
            new BufferRequest(1, "Y", 64, 1, 1),
            new BufferRequest(2, "Z", 32, 0, 5),
            new BufferRequest(3, "W", 16, 1, 5),
        ]);
        Assert.Equal(new[] { 0, 0, 64, 96 }, plan.Entries.Select(e => e.Offset));
        Assert.Equal(112, plan.ArenaBytes);
        Assert.All(plan.Entries, e => Assert.Equal(0, e.Offset % MemoryPlanner.Alignment));
    }
}
