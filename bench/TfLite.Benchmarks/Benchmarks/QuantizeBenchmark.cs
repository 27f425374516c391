using System.Diagnostics;
using System.Globalization;
using System.Text;
using TfLite.Core.Quantization;

namespace TfLite.Benchmarks.Benchmarks;

/// <summary>
/// Throughput of the quantization kernels on one large float32 tensor (64 MiB by default), in GB/s of float32
/// elements (4 bytes each, whichever side is float), timed in thread CPU time, against a plain copy of the same float buffer in the same run
/// and against the kernels' own scalar paths.
/// </summary>
internal sealed class QuantizeBenchmark : IBenchmark
{
    public string Name => "quantize";

    public string Description => "quantize/dequantize/float16 throughput vs memory copy and scalar [--mib 64] [--runs 7]";

    private delegate void Kernel();

    public string Run(BenchmarkArguments args)
    {
        int mib = args.GetInt("mib", 64), runs = args.GetInt("runs", 7);
        int n = mib * 1024 * 1024 / sizeof(float);
        var rng = new Random(1);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
        var copy = new float[n];
        var i8 = new sbyte[n];
        var u8 = new byte[n];
        var i16 = new short[n];
        var half = new Half[n];
        const float scale = 4f / 255;

        double copyGbs = Throughput(n, runs, () => x.AsSpan().CopyTo(copy));
        var rows = new List<(string Name, double Simd, double Scalar)>
        {
            ("quantize float32 -> int8 (Divide)", Throughput(n, runs, () => QuantizeKernels.Quantize(x, i8, scale, -1)),
                Throughput(n, runs, () => QuantizeKernels.PerTensor<sbyte>(x, i8, scale, -1, QuantizeArithmetic.Divide, false, simd: false))),
            ("quantize float32 -> uint8 (Divide)", Throughput(n, runs, () => QuantizeKernels.Quantize(x, u8, scale, 127)),
                Throughput(n, runs, () => QuantizeKernels.PerTensor<byte>(x, u8, scale, 127, QuantizeArithmetic.Divide, false, simd: false))),
            ("quantize float32 -> int16 (Divide)", Throughput(n, runs, () => QuantizeKernels.Quantize(x, i16, 2f / 32767, 0)),
                Throughput(n, runs, () => QuantizeKernels.PerTensor<short>(x, i16, 2f / 32767, 0, QuantizeArithmetic.Divide, false, simd: false))),
            ("quantize float32 -> int8 (DivideInDouble)", Throughput(n, runs, () => QuantizeKernels.Quantize(x, i8, scale, 0, QuantizeArithmetic.DivideInDouble, true)),
                Throughput(n, runs, () => QuantizeKernels.PerTensor<sbyte>(x, i8, scale, 0, QuantizeArithmetic.DivideInDouble, true, simd: false))),
            ("dequantize int8 -> float32", Throughput(n, runs, () => QuantizeKernels.Dequantize(i8, copy, scale, -1)),
                Throughput(n, runs, () => QuantizeKernels.DequantizeRun<sbyte>(i8, copy, scale, -1, simd: false))),
            ("dequantize int16 -> float32", Throughput(n, runs, () => QuantizeKernels.Dequantize(i16, copy, 2f / 32767, 0)),
                Throughput(n, runs, () => QuantizeKernels.DequantizeRun<short>(i16, copy, 2f / 32767, 0, simd: false))),
            ("float32 -> float16", Throughput(n, runs, () => QuantizeKernels.FloatToHalf(x, half)),
                Throughput(n, runs, () => { for (int i = 0; i < x.Length; i++) half[i] = (Half)x[i]; })),
            ("float16 -> float32", Throughput(n, runs, () => QuantizeKernels.HalfToFloat(half, copy)),
                Throughput(n, runs, () => { for (int i = 0; i < half.Length; i++) copy[i] = (float)half[i]; })),
            ("min/max", Throughput(n, runs, () => QuantizeKernels.MinMax(x)),
                Throughput(n, runs, () => QuantizeKernels.MinMaxRun(x, simd: false))),
        };

        var sb = new StringBuilder();
        sb.AppendLine(MachineInfo.Describe()).AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{mib} MiB float32 tensor ({n} elements), median thread CPU time of {runs} timed runs (each repeating the kernel for about 0.2 s) after one warm-up; memory copy of the same buffer: {copyGbs:F2} GB/s.")).AppendLine();
        sb.AppendLine("| kernel | SIMD GB/s | scalar GB/s | SIMD / scalar | SIMD / copy |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, simd, scalar) in rows)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {simd:F2} | {scalar:F2} | {simd / scalar:F1}x | {simd / copyGbs:F2}x |"));
        return sb.ToString().TrimEnd();
    }

    /// <summary>Median GB/s of float32 elements (n * 4 bytes per call), timed by the thread's CPU time (the wall
    /// clock on a shared, oversubscribed machine mostly measures the wait for a core), each timed run repeating the
    /// kernel for about 0.2 s.</summary>
    private static double Throughput(int n, int runs, Kernel kernel)
    {
        int reps = (int)Math.Clamp(Math.Ceiling(0.2 / Math.Max(Seconds(kernel, 1), 1e-4)), 1, 64);
        var seconds = new double[runs];
        for (int r = 0; r < runs; r++) seconds[r] = Seconds(kernel, reps) / reps;
        Array.Sort(seconds);
        return n * 4.0 / seconds[runs / 2] / 1e9;
    }

    private static double Seconds(Kernel kernel, int reps)
    {
        long wall = Stopwatch.GetTimestamp();
        double cpu = CpuTime.ThreadMs();
        for (int i = 0; i < reps; i++) kernel();
        return CpuTime.IsAvailable ? (CpuTime.ThreadMs() - cpu) / 1e3 : Stopwatch.GetElapsedTime(wall).TotalSeconds;
    }
}
