using TfLite.Core.Measurement;
using Xunit;

namespace TfLite.Core.Tests.Measurement;

/// <summary>The parts of the warm-up rule that do not depend on what the JIT compiler is doing meanwhile.</summary>
public class WarmupTrackerTests
{
    [Fact]
    public void NoMinimumRuns_MeansNoWarmup()
    {
        Assert.True(new WarmupTracker(0, 1000).IsDone);
    }

    [Fact]
    public void WarmupIsNotDone_BeforeTheMinimumRuns()
    {
        var tracker = new WarmupTracker(5, 0);
        for (int i = 0; i < 4; i++)
        {
            tracker.Add();
            Assert.False(tracker.IsDone);
        }
        Assert.Equal(4, tracker.Runs);
    }

    [Fact]
    public void WarmupIsNotDone_BeforeTheMinimumTime()
    {
        var tracker = new WarmupTracker(1, 60_000);
        for (int i = 0; i < 100; i++) tracker.Add();
        Assert.False(tracker.IsDone);
    }

    [Fact]
    public void WarmupNeedsQuietRuns_EvenWhenTheMinimumsAreMet()
    {
        var tracker = new WarmupTracker(1, 0);
        tracker.Add();
        // One run cannot be max(1, QuietRuns) runs without compilation.
        Assert.False(tracker.IsDone);
    }
}
