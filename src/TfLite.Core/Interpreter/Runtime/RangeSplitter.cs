using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace TfLite.Core.Interpreter;

/// <summary>Work over the index range [0, count) that can be cut into contiguous parts run on different threads.</summary>
internal interface IRangeWork
{
    /// <summary>Runs indices [start, end) as part number <paramref name="part"/> (parts may use per-part scratch).</summary>
    void Run(int part, int start, int end);
}

/// <summary>
/// Splits a range into contiguous parts and runs them on <see cref="SpinningWorkers"/> and the calling thread,
/// without allocating per call (<c>Parallel.For</c> allocates tasks, closures and options on each call, a few
/// kilobytes per Invoke of a model). The calling thread runs every part no worker has started, so busy workers delay
/// nothing. One splitter per calling thread; a nested call (a part that splits again) runs its parts one after
/// another on the thread it is on.
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
            SpinningWorkers.Post(this, parts - 1);
            for (int i = 0; i < parts; i++) TryRun(i);
            AwaitParts();
            _error?.Throw();
        }
        finally
        {
            _work = null;
            _busy = false;
        }
    }

    /// <summary>Waits for the parts other threads run: spinning first, since a helper's part usually ends within
    /// microseconds of the caller's, and a blocked thread takes far longer than that to wake.</summary>
    private void AwaitParts()
    {
        long deadline = Stopwatch.GetTimestamp() + AwaitSpinTicks;
        while (Volatile.Read(ref _pending) != 0 && Stopwatch.GetTimestamp() < deadline) Thread.SpinWait(20);
        _done.Wait();
    }

    private static readonly long AwaitSpinTicks = Stopwatch.Frequency / 10_000;

    private static void RunInline(int count, int parts, IRangeWork work)
    {
        int chunk = (count + parts - 1) / parts;
        for (int i = 0; i < parts; i++) work.Run(i, Math.Min(count, i * chunk), Math.Min(count, (i + 1) * chunk));
    }

    private void Grow(int parts)
    {
        var grown = new Part[parts];
        for (int i = 0; i < parts; i++) grown[i] = i < _parts.Length ? _parts[i] : new Part();
        _parts = grown;
    }

    /// <summary>Called by a worker: runs, from the last, every part nobody has taken yet (the caller takes them from
    /// the first, so the two meet in the middle). Parts the current call does not use stay taken.</summary>
    internal void HelpWithOpenParts()
    {
        var parts = _parts;
        for (int i = parts.Length - 1; i >= 0; i--) TryRun(i);
    }

    /// <summary>Runs part <paramref name="index"/> unless another thread took it. A worker that comes late finds its
    /// part taken, or takes a part of the next call, which is just as correct.</summary>
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

    private sealed class Part
    {
        // Starts taken, so that a part index a call does not use is never run.
        public int Claimed = 1;
    }
}
