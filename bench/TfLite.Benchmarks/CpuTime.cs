using System.Runtime.InteropServices;

namespace TfLite.Benchmarks;

/// <summary>
/// CPU time (Linux): what a run costs when other jobs share the cores, where wall-clock time mostly measures the
/// wait for a core. Zero elsewhere, which the reports show as "n/a".
/// </summary>
internal static partial class CpuTime
{
    private const int ClockThreadCpuTime = 3;
    private const int RusageChildren = -1;

    public static bool IsAvailable => OperatingSystem.IsLinux();

    /// <summary>CPU time of the calling thread, in milliseconds.</summary>
    public static double ThreadMs()
    {
        if (!IsAvailable) return 0;
        clock_gettime(ClockThreadCpuTime, out var ts);
        return ts.Seconds * 1e3 + ts.Nanoseconds / 1e6;
    }

    /// <summary>User plus system CPU time of all child processes that have been waited for, in milliseconds.</summary>
    public static double ChildrenMs()
    {
        if (!IsAvailable) return 0;
        getrusage(RusageChildren, out var u);
        return (u.UserSeconds + u.SystemSeconds) * 1e3 + (u.UserMicroseconds + u.SystemMicroseconds) / 1e3;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // struct rusage begins with ru_utime and ru_stime (struct timeval each); the rest is not read.
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        private unsafe fixed long _rest[14];
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out RUsage usage);
}
