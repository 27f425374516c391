using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Simd;

/// <summary>
/// Whole int8 models converted by TensorFlow, run with the vectorized kernels (one and two threads) and with the
/// scalar reference kernels: every tensor, intermediates included, must hold the same bytes.
/// </summary>
public class Int8ModelPathTests
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
