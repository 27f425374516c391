using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>
/// The quantized models TensorFlow converted, run by the LiteRT oracle (TFLite with XNNPACK, whose integer kernels
/// round once) and by our interpreter in <see cref="RoundingMode.Single"/> and <see cref="RoundingMode.Xnnpack"/>:
/// every output must be equal.
/// </summary>
public class OracleSingleRoundingTests
{
    public static TheoryData<string> Models => new()
    {
        "conformance/tflite-micro/models/hello_world_int8.tflite",
        "conformance/tflite-micro/models/micro_speech_quantized.tflite",
        "conformance/tflite-micro/models/person_detect.tflite",
        "conformance/tflite-micro/models/simple_add_model.tflite",
        "models/kim-dogdet-dwcnn-k3.8h5/dog_detect_quantized.tflite",
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector_int8.tflite",
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector_quantized.tflite",
        "models/kurt-openhand-cnn-k2.14/open_hand_model_int8.tflite",
        "models/jhonatan-mnist-gap-k3.14h5/model_int8.tflite",
        "models/sheena-mnist-mlp-k2.10/tflite_qaware_model.tflite",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void SingleRounding_EqualsTheOracle(string model) => EqualsTheOracle(model, RoundingMode.Single);

    [Theory]
    [MemberData(nameof(Models))]
    public void XnnpackRounding_EqualsTheOracle(string model) => EqualsTheOracle(model, RoundingMode.Xnnpack);

    private static void EqualsTheOracle(string model, RoundingMode rounding)
    {
        var path = SharedData.Path(model.Split('/'));
        var graph = TfLiteReader.ReadFile(path);
        for (int seed = 0; seed < 3; seed++)
        {
            var interpreter = new TfLite.Core.Interpreter.Interpreter(graph, new InterpreterOptions { Rounding = rounding });
            var inputs = new List<OracleTensor>();
            for (int i = 0; i < interpreter.Inputs.Count; i++)
                inputs.Add(SetRandomInput(interpreter, i, new Random(seed * 100 + i)));
            interpreter.Invoke();
            // person_detect's biases carry a quantized dimension TFLite's loader rejects; the oracle repairs a copy.
            var oracle = OracleRunner.Run(path, inputs, new OracleOptions { FixQuantDim = true });
            for (int o = 0; o < interpreter.Outputs.Count; o++)
                Assert.Equal(oracle.Outputs[o].ToDoubles(), InterpreterValues.Output(interpreter, o));
        }
    }

    [Fact]
    public void HelloWorldInt8_AllInputs_EqualTheOracle()
    {
        var path = SharedData.Path("conformance", "tflite-micro", "models", "hello_world_int8.tflite");
        var all = Enumerable.Range(-128, 256).Select(v => (sbyte)v).ToArray();
        var interpreter = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.ReadFile(path), new InterpreterOptions { Rounding = RoundingMode.Single });
        interpreter.SetInput(0, all, new[] { 256, 1 });
        interpreter.Invoke();
        var oracle = OracleRunner.Run(path, [OracleTensor.Int8([256, 1], all)]);
        Assert.Equal(oracle.Outputs[0].ToDoubles(), InterpreterValues.Output(interpreter, 0));
    }

    private static OracleTensor SetRandomInput(TfLite.Core.Interpreter.Interpreter interpreter, int index, Random random)
    {
        var t = interpreter.Inputs[index];
        int n = t.ElementCount;
        switch (t.Type)
        {
            case TensorType.Int8:
                var i8 = Enumerable.Range(0, n).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
                interpreter.SetInput(index, i8);
                return OracleTensor.Int8(t.Shape, i8);
            case TensorType.UInt8:
                var u8 = Enumerable.Range(0, n).Select(_ => (byte)random.Next(0, 256)).ToArray();
                interpreter.SetInput(index, u8);
                return OracleTensor.UInt8(t.Shape, u8);
            case TensorType.Float32:
                var f = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
                interpreter.SetInput(index, f);
                return OracleTensor.Float32(t.Shape, f);
            default:
                throw new InvalidOperationException($"Unexpected input type {t.Type}.");
        }
    }
}
