using System.Diagnostics;
using System.Runtime;

namespace TfLite.Core.Measurement;

/// <summary>
/// Decides when warm-up runs may stop. .NET first runs a method as quickly compiled code (tier 0), starts counting
/// its calls once no new method has been compiled for a moment, and after about 30 calls recompiles it with full
/// optimization and the profile it gathered (tier 1, dynamic PGO) in the background. A run at tier 0 can be thirty
/// times slower than at tier 1, and run times can be steady at tier 0 for a while, so neither a fixed number of runs
/// nor steady times tell that the kernels are at tier 1. The compiler's own count does: warm-up lasts at least the
/// minimum runs and time, and then until the process has compiled no method during the last
/// max(minimum runs, <see cref="QuietRuns"/>) runs and <see cref="QuietMilliseconds"/> (by then every method called
/// once per run has been called often enough to be promoted), or until <see cref="MaximumMilliseconds"/>.
/// </summary>
internal sealed class WarmupTracker
{
    /// <summary>Runs without compilation needed at least (a method called once per run is promoted after about 30 calls).</summary>
    public const int QuietRuns = 30;

    /// <summary>Time without compilation needed at least (more than the runtime's 100 ms call-counting delay).</summary>
    public const int QuietMilliseconds = 500;

    /// <summary>Warm-up ends by this time even if methods are still being compiled.</summary>
    public const int MaximumMilliseconds = 10_000;

    private readonly int _minimumRuns, _minimumMilliseconds;
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _compiledMethods = JitInfo.GetCompiledMethodCount(currentThread: false);
    private long _lastCompilation = Stopwatch.GetTimestamp();
    private int _runsSinceCompilation;

    /// <param name="minimumRuns">Runs at least (0: no warm-up at all).</param>
    /// <param name="minimumMilliseconds">Time at least, when there are runs.</param>
    public WarmupTracker(int minimumRuns, int minimumMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRuns);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumMilliseconds);
        (_minimumRuns, _minimumMilliseconds) = (minimumRuns, minimumMilliseconds);
    }

    /// <summary>Warm-up runs recorded.</summary>
    public int Runs { get; private set; }

    /// <summary>True when no more warm-up runs are needed.</summary>
    public bool IsDone
    {
        get
        {
            if (_minimumRuns == 0) return true;
            double elapsed = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
            if (Runs < _minimumRuns || elapsed < _minimumMilliseconds) return false;
            bool quiet = _runsSinceCompilation >= Math.Max(_minimumRuns, QuietRuns)
                         && Stopwatch.GetElapsedTime(_lastCompilation).TotalMilliseconds >= QuietMilliseconds;
            return quiet || elapsed >= MaximumMilliseconds;
        }
    }

    /// <summary>Records that one warm-up run has finished.</summary>
    public void Add()
    {
        Runs++;
        long compiled = JitInfo.GetCompiledMethodCount(currentThread: false);
        if (compiled != _compiledMethods)
        {
            (_compiledMethods, _lastCompilation, _runsSinceCompilation) = (compiled, Stopwatch.GetTimestamp(), 0);
            return;
        }
        _runsSinceCompilation++;
    }
}
