using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfLite.Benchmarks;

/// <summary>What the numbers were measured on, for the results header.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        string cpu = CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString();
        string simd = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
        return $"{cpu}, {Environment.ProcessorCount} logical cores (nproc), {RuntimeInformation.OSDescription}, " +
               $"{RuntimeInformation.FrameworkDescription}, {simd} accelerated{LoadAverage()}";
    }

    /// <summary>The 1-minute load average at the start: on a shared machine it explains noisy means.</summary>
    private static string LoadAverage() => LoadAverageNow() is { } load ? $", load average {load}" : "";

    /// <summary>The 1-minute load average now, or null where the OS does not tell it.</summary>
    public static string? LoadAverageNow()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg) ? File.ReadAllText(loadavg).Split(' ')[0] : null;
    }

    private static string? CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return null;
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
