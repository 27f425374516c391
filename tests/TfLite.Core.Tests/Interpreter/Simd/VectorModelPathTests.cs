using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>
/// Whole models converted by TensorFlow, run with the vectorized kernels (one and two threads) and with the scalar
/// reference kernels. int8 models: every tensor, intermediates included, must hold the same bytes. Float models:
/// the fused multiply-adds round each sum once per term instead of twice, and those differences pass through every
/// later layer, so a per-sum bound does not carry over to a whole network; every float tensor must instead agree
/// within 1e-4 of its largest magnitude (the relative tolerance the conformance tests hold us to against
/// TensorFlow's own results), and two threads must give exactly what one gives.
/// </summary>
public class VectorModelPathTests
{
    public static TheoryData<string> Models => new()
    {
        "conformance/tflite-micro/models/person_detect.tflite",
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector_int8.tflite",
        "models/kurt-openhand-cnn-k2.14/open_hand_model_int8.tflite",
        "models/jhonatan-mnist-gap-k3.14h5/model_int8.tflite",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void VectorizedAndScalarKernels_GiveTheSameTensors(string model)
    {
        var graph = TfLiteReader.ReadFile(SharedData.Path(model.Split('/')));
        foreach (var rounding in new[] { RoundingMode.Double, RoundingMode.Single })
        {
            var reference = Run(graph, new InterpreterOptions { UseSimd = false, Rounding = rounding, PreserveAllTensors = true });
            foreach (int threads in new[] { 1, 2 })
            {
                var vectorized = Run(graph, new InterpreterOptions { ThreadCount = threads, Rounding = rounding, PreserveAllTensors = true });
                for (int t = 0; t < reference.Tensors.Count; t++)
                {
                    if (!reference.Tensors[t].HasMemory || reference.Tensors[t].Type == TensorType.Resource) continue;
                    Assert.True(reference.Tensors[t].Bytes.SequenceEqual(vectorized.Tensors[t].Bytes),
                        $"{model}: tensor {reference.Tensors[t].Name} differs ({threads} threads, {rounding})");
                }
            }
        }
    }

    public static TheoryData<string> FloatModels => new()
    {
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector.tflite",
        "models/jemimav-mnist-cnn-k2.10/model.tflite",
    };

    [Theory]
    [MemberData(nameof(FloatModels))]
    public void VectorizedFloatKernels_StayWithinToleranceOfScalarKernels(string model)
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
            float allowed = 1e-4f * Math.Max(1f, expected.Max(MathF.Abs));
            InterpreterTests.Expect.Within(expected, oneThread.Tensors[t].AsSpan<float>().ToArray(), Enumerable.Repeat(allowed, expected.Length).ToArray());
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
        {
            var bytes = new byte[interpreter.Inputs[i].ByteLength];
            random.NextBytes(bytes);
            SetBytes(interpreter, i, bytes);
        }
        interpreter.Invoke();
        return interpreter;
    }

    private static void SetBytes(TfLite.Core.Interpreter.Interpreter interpreter, int index, byte[] bytes)
    {
        switch (interpreter.Inputs[index].Type)
        {
            case TensorType.Int8: interpreter.SetInput(index, (sbyte[])(Array)bytes); break;
            case TensorType.UInt8: interpreter.SetInput(index, bytes); break;
            default:
                // Float inputs of quantized models: values in [0, 1).
                interpreter.SetInput(index, bytes.Where((_, k) => k % 4 == 0).Select(b => b / 256f).ToArray());
                break;
        }
    }
}
