using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>
/// Whole float models converted by TensorFlow, run with the vectorized kernels (one and two threads) and with the
/// scalar reference kernels. The fused multiply-adds round each sum once per term instead of twice, and those
/// differences pass through every later layer, so a per-sum bound does not carry over to a whole network; every
/// float tensor, intermediates included, must instead agree within 1e-4 of its largest magnitude (the relative
/// tolerance the conformance tests hold us to against TensorFlow's own results), and two threads must give exactly
/// what one gives.
/// </summary>
public class FloatModelPathTests
{
    public static TheoryData<string> Models => new()
    {
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector.tflite",
        "models/jemimav-mnist-cnn-k2.10/model.tflite",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void VectorizedKernels_StayWithinToleranceOfScalarKernels(string model)
    {
        var graph = TfLiteReader.ReadFile(SharedData.Path(model.Split('/')));
        var reference = Run(graph, new InterpreterOptions { UseSimd = false, PreserveAllTensors = true });
        var oneThread = Run(graph, new InterpreterOptions { PreserveAllTensors = true });
        var twoThreads = Run(graph, new InterpreterOptions { ThreadCount = 2, PreserveAllTensors = true });
        int compared = 0;
        for (int t = 0; t < reference.Tensors.Count; t++)
        {
            var r = reference.Tensors[t];
            if (!r.HasMemory || r.Type != TensorType.Float32) continue;
            var expected = r.AsSpan<float>().ToArray();
            var actual = oneThread.Tensors[t].AsSpan<float>().ToArray();
            float allowed = 1e-4f * Math.Max(1f, expected.Max(MathF.Abs));
            InterpreterTests.Expect.Within(expected, actual, Enumerable.Repeat(allowed, expected.Length).ToArray());
            Assert.True(oneThread.Tensors[t].Bytes.SequenceEqual(twoThreads.Tensors[t].Bytes), $"{model}: tensor {r.Name} depends on the thread count");
            compared++;
        }
        Assert.True(compared > 5, $"{model}: only {compared} float tensors compared");
    }

    private static TfLite.Core.Interpreter.Interpreter Run(TfLiteGraph graph, InterpreterOptions options)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph, options);
        var random = new Random(42);
        for (int i = 0; i < interpreter.Inputs.Count; i++)
            interpreter.SetInput(i, Enumerable.Range(0, interpreter.Inputs[i].ElementCount).Select(_ => (float)random.NextDouble()).ToArray());
        interpreter.Invoke();
        return interpreter;
    }
}
