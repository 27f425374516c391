using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TfLite.Core.Tests.Interpreter.Runtime;

/// <summary>
/// A prepared interpreter must not allocate managed memory per Invoke once warmed up: an allocation in the timed loop
/// of Measure-TfLiteModel -Latency is garbage-collection work users pay on every inference.
/// Runs alone (its own collection without parallelization), since the two-thread case counts the whole process.
/// </summary>
[Collection(nameof(InvokeAllocationTests))]
public class InvokeAllocationTests(ITestOutputHelper output)
{
    private const int WarmupRuns = 30;
    private const int MeasuredRuns = 20;
    private const int MeasuredWindows = 3;

    public static TheoryData<string> Models => new()
    {
        "conformance/tflite-micro/models/person_detect.tflite",
        "models/jemimav-mnist-cnn-k2.10/model.tflite",
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector_int8.tflite",
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector.tflite",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Invoke_OnOneThread_AllocatesNothing(string model)
    {
        var (callingThread, _) = AllocatedPerInvoke(model, threads: 1);
        Assert.Equal(0, callingThread);
    }

    /// <summary>With two threads the calling thread still allocates nothing; the other part runs on a pool thread,
    /// whose allocations only the process-wide count sees, together with the runtime's own threads (tiered JIT,
    /// timers). Splitting with Parallel.For cost 4 to 50 KB per Invoke; the bound is far below that and above the
    /// runtime's background noise.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Invoke_OnTwoThreads_AllocatesNothingOnTheCallingThreadAndAtMostNoiseElsewhere(string model)
    {
        var (callingThread, process) = AllocatedPerInvoke(model, threads: 2);
        Assert.Equal(0, callingThread);
        Assert.True(process < 1024, $"{process} bytes per Invoke in the process");
    }

    /// <summary>Bytes allocated per Invoke over the measured runs, on the calling thread and in the whole process
    /// (rounded up, so that one allocation of one byte in any run counts).</summary>
    private (long CallingThread, long Process) AllocatedPerInvoke(string model, int threads)
    {
        var graph = TfLiteReader.ReadFile(SharedData.Path(model.Split('/')));
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph, new InterpreterOptions { ThreadCount = threads });
        var input = new byte[interpreter.Inputs[0].ByteLength];
        new Random(7).NextBytes(input);
        if (interpreter.Inputs[0].Type == TensorType.Float32)
        {
            // Random bytes make NaNs and infinities; plain values in [0, 1) keep the float kernels on their usual path.
            var values = new float[input.Length / 4];
            var random = new Random(7);
            for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle();
            Buffer.BlockCopy(values, 0, input, 0, input.Length);
        }
        for (int i = 0; i < WarmupRuns; i++) Run(interpreter, input);

        // An allocation made by every Invoke shows in every window; a one-time event of the runtime (a wait handle
        // created the first time a wait blocks, a thread-pool thread started) shows in one at most. The quietest of a
        // few windows therefore measures what Invoke itself allocates.
        (long Thread, long All) quietest = (long.MaxValue, long.MaxValue);
        for (int window = 0; window < MeasuredWindows; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long beforeThread = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < MeasuredRuns; i++) Run(interpreter, input);
            long thread = GC.GetAllocatedBytesForCurrentThread() - beforeThread;
            long all = GC.GetTotalAllocatedBytes(precise: true) - before;
            output.WriteLine($"{model}, {threads} thread(s), window {window + 1}: {thread} bytes on the calling thread, {all} in the process over {MeasuredRuns} runs");
            quietest = (Math.Min(quietest.Thread, thread), Math.Min(quietest.All, all));
        }
        return ((quietest.Thread + MeasuredRuns - 1) / MeasuredRuns, (quietest.All + MeasuredRuns - 1) / MeasuredRuns);
    }

    private static void Run(TfLite.Core.Interpreter.Interpreter interpreter, byte[] input)
    {
        input.AsSpan().CopyTo(interpreter.Inputs[0].WritableBytes);
        interpreter.Invoke();
    }
}

/// <summary>Keeps <see cref="InvokeAllocationTests"/> from running beside other tests, whose allocations it would count.</summary>
[CollectionDefinition(nameof(InvokeAllocationTests), DisableParallelization = true)]
public sealed class InvokeAllocationCollection;
