using System.Runtime.ExceptionServices;

namespace TfLite.Core.Interpreter;

/// <summary>Work over the index range [0, count) that can be cut into contiguous parts run on different threads.</summary>
internal interface IRangeWork
{
    /// <summary>Runs indices [start, end) as part number <paramref name="part"/> (parts may use per-part scratch).</summary>
    void Run(int part, int start, int end);
}

/// <summary>
/// Splits a range into contiguous parts and runs them on the thread pool and the calling thread, without allocating
/// per call: the pool work items are created once and queued again on every call, where <c>Parallel.For</c>
/// allocates tasks, closures and options on each call (a few kilobytes per Invoke of a model). The calling thread
/// runs every part no pool thread has started, so a busy pool delays nothing. One splitter per calling thread;
/// a nested call (a part that splits again) runs its parts one after another on the thread it is on.
/// </summary>
internal sealed class RangeSplitter
{
    [ThreadStatic] private static RangeSplitter? t_current;

    private readonly ManualResetEventSlim _done = new(false);
    private Part[] _parts = [];
    private IRangeWork? _work;
    private int _count, _chunk, _pending;
    private ExceptionDispatchInfo? _error;
    private bool _busy;

    /// <summary>The splitter of the calling thread.</summary>
    public static RangeSplitter ForCurrentThread => t_current ??= new RangeSplitter();

    /// <summary>Runs [0, count) in at most <paramref name="parts"/> contiguous parts of equal size (the last may be
    /// shorter) and returns when all are done; the first exception of a part is rethrown.</summary>
    public void Run(int count, int parts, IRangeWork work)
    {
        parts = Math.Min(parts, count);
        if (parts <= 1 || _busy)
        {
            RunInline(count, Math.Max(parts, 1), work);
            return;
        }
        _busy = true;
        try
        {
            if (_parts.Length < parts) Grow(parts);
            (_work, _count, _chunk, _pending, _error) = (work, count, (count + parts - 1) / parts, parts, null);
            _done.Reset();
            for (int i = 0; i < parts; i++) Volatile.Write(ref _parts[i].Claimed, 0);
            for (int i = 1; i < parts; i++) ThreadPool.UnsafeQueueUserWorkItem(_parts[i], preferLocal: false);
            for (int i = 0; i < parts; i++) TryRun(i);
            _done.Wait();
            _error?.Throw();
        }
        finally
        {
            _work = null;
            _busy = false;
        }
    }

    private static void RunInline(int count, int parts, IRangeWork work)
    {
        int chunk = (count + parts - 1) / parts;
        for (int i = 0; i < parts; i++) work.Run(i, Math.Min(count, i * chunk), Math.Min(count, (i + 1) * chunk));
    }

    private void Grow(int parts)
    {
        var grown = new Part[parts];
        for (int i = 0; i < parts; i++) grown[i] = i < _parts.Length ? _parts[i] : new Part(this, i);
        _parts = grown;
    }

    /// <summary>Runs part <paramref name="index"/> unless another thread took it. A work item queued by an earlier
    /// call and run late finds its part taken, or takes a part of the current call, which is just as correct.</summary>
    private void TryRun(int index)
    {
        if (Interlocked.Exchange(ref _parts[index].Claimed, 1) != 0) return;
        try
        {
            _work!.Run(index, Math.Min(_count, index * _chunk), Math.Min(_count, (index + 1) * _chunk));
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }

    private sealed class Part(RangeSplitter owner, int index) : IThreadPoolWorkItem
    {
        // Starts taken, so that a part index a call does not use is never run.
        public int Claimed = 1;

        public void Execute() => owner.TryRun(index);
    }
}
