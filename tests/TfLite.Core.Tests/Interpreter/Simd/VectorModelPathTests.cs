using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Quantization.Modes;
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
    public void VectorizedAndScalarKernels_GiveTheSameTensors(string model) =>
        AssertSameTensors(TfLiteReader.ReadFile(SharedData.Path(model.Split('/'))), model, RoundingMode.Double, RoundingMode.Single);

    /// <summary>
    /// uint8 and int16x8 models: TensorFlow's own uint8 micro_speech (TOCO, asymmetric uint8 weights), TFLite Micro's
    /// int16x8 seanet convolutions (int64 bias), and the float MobileNet dog detector quantized by us to int16x8
    /// (CONV_2D, DEPTHWISE_CONV_2D with int64 bias, FULLY_CONNECTED); in TFLite's rounding and in LiteRT's.
    /// </summary>
    public static TheoryData<string> WideModels => new()
    {
        "tf/siliconlabs-micro-speech-qat-tf1/model.tflite",
        "conformance/tflite-micro/seanet/conv/conv0.tflite",
        "conformance/tflite-micro/seanet/conv/conv7.tflite",
        "conformance/tflite-micro/seanet/conv/conv15.tflite",
        "int16x8:models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector.tflite",
    };

    [Theory]
    [MemberData(nameof(WideModels))]
    public void VectorizedAndScalarKernels_GiveTheSameTensors_UInt8AndInt16x8(string model) =>
        AssertSameTensors(LoadWide(model), model, RoundingMode.Double, RoundingMode.Xnnpack);

    /// <summary>A repository model (tf/...), a shared one, or a shared float model quantized to int16x8 here.</summary>
    private static TfLiteGraph LoadWide(string model)
    {
        if (model.StartsWith("tf/", StringComparison.Ordinal)) return TfLiteReader.ReadFile(RepoData.Path(model.Split('/')));
        if (!model.StartsWith("int16x8:", StringComparison.Ordinal)) return TfLiteReader.ReadFile(SharedData.Path(model.Split('/')));
        var graph = TfLiteReader.ReadFile(SharedData.Path(model["int16x8:".Length..].Split('/')));
        var ranges = TestCalibration.Ranges(graph, TestCalibration.Samples(graph, model, 4));
        var quantized = ModelQuantizer.Quantize(graph, new QuantizationOptions { Mode = QuantizationMode.Int16x8, Ranges = ranges });
        return TfLiteReader.Read(TfLiteWriter.Write(quantized));
    }

    private static void AssertSameTensors(TfLiteGraph graph, string model, params RoundingMode[] roundings)
    {
        foreach (var rounding in roundings)
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
            case TensorType.Int16: interpreter.SetInput(index, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes).ToArray()); break;
            default:
                // Float inputs of quantized models: values in [0, 1).
                interpreter.SetInput(index, bytes.Where((_, k) => k % 4 == 0).Select(b => b / 256f).ToArray());
                break;
        }
    }
}
