using System.Diagnostics;

namespace TfLite.Core.Interpreter;

/// <summary>
/// The threads that help a <see cref="RangeSplitter"/>: one per core but the caller's, created on first use and kept
/// for the life of the process. Between the parallel parts of a model (one per layer, microseconds apart) a worker
/// spins, so a layer's parts start at once: a thread-pool work item queued per layer waits tens of microseconds for a
/// pool thread to wake, about what a small layer's part takes, and the caller then runs every part alone. A worker
/// that has had nothing to do for <see cref="SpinMicroseconds"/> blocks until the next post.
/// </summary>
internal static class SpinningWorkers
{
    private const int SpinMicroseconds = 200;
    private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

    private static readonly object Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static RangeSplitter? s_job;
    private static int s_generation, s_sleepers, s_started;

    /// <summary>Offers the open parts of <paramref name="job"/> to the workers, starting them on first use. A later
    /// post replaces it: its caller runs every part no worker took, so nothing is lost, only help.</summary>
    public static void Post(RangeSplitter job, int helpers)
    {
        EnsureStarted(helpers);
        Volatile.Write(ref s_job, job);
        Interlocked.Increment(ref s_generation);
        int sleepers = Volatile.Read(ref s_sleepers);
        if (sleepers > 0) Wake.Release(sleepers);
    }

    private static void EnsureStarted(int helpers)
    {
        int wanted = Math.Min(helpers, Environment.ProcessorCount - 1);
        if (Volatile.Read(ref s_started) >= wanted) return;
        lock (Gate)
        {
            while (s_started < wanted)
            {
                new Thread(Work) { IsBackground = true, Name = $"TfLite interpreter worker {s_started + 1}" }.Start();
                s_started++;
            }
        }
    }

    private static void Work()
    {
        int seen = Volatile.Read(ref s_generation);
        long idleSince = Stopwatch.GetTimestamp();
        while (true)
        {
            int generation = Volatile.Read(ref s_generation);
            if (generation != seen)
            {
                seen = generation;
                Volatile.Read(ref s_job)?.HelpWithOpenParts();
                idleSince = Stopwatch.GetTimestamp();
                continue;
            }
            if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
            {
                Thread.SpinWait(20);
                continue;
            }
            Interlocked.Increment(ref s_sleepers);
            // A post between the read above and this check is seen here; one after it releases the semaphore.
            if (Volatile.Read(ref s_generation) == seen) Wake.Wait();
            Interlocked.Decrement(ref s_sleepers);
            idleSince = Stopwatch.GetTimestamp();
        }
    }
}
