using TfLite.Core.Interpreter;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Runtime;

/// <summary>The splitter must run every index exactly once, whoever runs it (caller or worker), under contention
/// from other threads splitting at the same time, and pass a part's exception to the caller.</summary>
public sealed class RangeSplitterTests
{
    private sealed class CountingWork(int count) : IRangeWork
    {
        public readonly int[] Hits = new int[count];
        public int Parts;

        public void Run(int part, int start, int end)
        {
            Interlocked.Increment(ref Parts);
            for (int i = start; i < end; i++) Interlocked.Increment(ref Hits[i]);
        }
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(7, 2)]
    [InlineData(1000, 2)]
    [InlineData(1000, 3)]
    [InlineData(5, 8)]
    public void RunsEveryIndexOnceInManyCalls(int count, int parts)
    {
        for (int call = 0; call < 2000; call++)
        {
            var work = new CountingWork(count);
            RangeSplitter.ForCurrentThread.Run(count, parts, work);
            Assert.All(work.Hits, h => Assert.Equal(1, h));
            Assert.Equal(Math.Min(count, parts), work.Parts);
        }
    }

    [Fact]
    public void ThreadsSplittingAtOnceEachGetTheirWholeRangeDone()
    {
        var failures = 0;
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int call = 0; call < 3000; call++)
            {
                var work = new CountingWork(64 + t);
                RangeSplitter.ForCurrentThread.Run(work.Hits.Length, 2 + t % 2, work);
                if (work.Hits.Any(h => h != 1)) Interlocked.Increment(ref failures);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a splitting thread did not finish"));
        Assert.Equal(0, failures);
    }

    private sealed class ThrowingWork : IRangeWork
    {
        public void Run(int part, int start, int end)
        {
            if (part == 1) throw new InvalidOperationException("part 1 failed");
        }
    }

    [Fact]
    public void APartsExceptionReachesTheCallerAndTheSplitterStaysUsable()
    {
        for (int call = 0; call < 200; call++)
        {
            var e = Assert.Throws<InvalidOperationException>(() => RangeSplitter.ForCurrentThread.Run(10, 2, new ThrowingWork()));
            Assert.Equal("part 1 failed", e.Message);
            var work = new CountingWork(10);
            RangeSplitter.ForCurrentThread.Run(10, 2, work);
            Assert.All(work.Hits, h => Assert.Equal(1, h));
        }
    }

    private sealed class NestingWork(CountingWork inner) : IRangeWork
    {
        public void Run(int part, int start, int end) =>
            RangeSplitter.ForCurrentThread.Run(inner.Hits.Length / 2, 2, new OffsetWork(inner, part * (inner.Hits.Length / 2)));
    }

    private sealed class OffsetWork(CountingWork target, int offset) : IRangeWork
    {
        public void Run(int part, int start, int end) => target.Run(part, start + offset, end + offset);
    }

    [Fact]
    public void ANestedSplitRunsItsPartsOnItsOwnThread()
    {
        var inner = new CountingWork(100);
        RangeSplitter.ForCurrentThread.Run(2, 2, new NestingWork(inner));
        Assert.All(inner.Hits, h => Assert.Equal(1, h));
    }
}
