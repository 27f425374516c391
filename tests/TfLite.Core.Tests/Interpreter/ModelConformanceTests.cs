using System.Text.Json;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;
using Xunit.Abstractions;

namespace TfLite.Core.Tests.InterpreterTests;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>
/// Whole models: TensorFlow's float, dynamic-range and float16 files run by our interpreter against the LiteRT
/// oracle, and the float cases of TFLite Micro's goldens. Tolerance: |ours - theirs| &lt;= 1e-5 * max(1, |theirs|).
/// </summary>
public sealed class ModelConformanceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    /// <summary>Files with float inputs and outputs whose activations are all float (float, dynamic-range and
    /// float16 kinds); full-integer files are the integer kernels' tests.</summary>
    public static TheoryData<string> FloatModels => new()
    {
        "conformance/tflite-micro/models/hello_world_float.tflite",
        "models/assachan-sine-mlp-k3.13h5/sine_model.tflite",
        "models/iesd-afnet-k2.15/af_detect_1.tflite",
        "models/jemimav-mnist-cnn-k2.10/model.tflite",
        "models/jhonatan-mnist-gap-k3.14h5/model_base.tflite",
        "models/kim-dogdet-mobilenet-k3.8h5/tinyml_mobilenet_dog_detector.tflite",
        "models/sheena-mnist-mlp-k2.10/tflite_model.tflite",
        "models/tm-inspectorsally-mobilenetv2-k2.4/model_unquant.tflite",
        "models/jhonatan-mnist-gap-k3.14h5/model_float16.tflite",
    };

    /// <summary>Dynamic-range files: int8 weights, activations quantized at run time by the hybrid kernels.</summary>
    public static TheoryData<string> HybridModels => new()
    {
        "models/jemimav-mnist-cnn-k2.10/model_optimized.tflite",
        "models/jemimav-mnist-qat-annotate-k2.10/qat_model.tflite",
        "models/jhonatan-mnist-gap-k3.14h5/model.tflite",
        "models/kim-dogdet-dwcnn-k3.8h5/tinyml_dog_model_quantized.tflite",
        "models/kurt-openhand-cnn-k2.14/open_hand_model.tflite",
        "models/sheena-mnist-mlp-k2.10/tflite_quant_model.tflite",
    };

    [Theory]
    [MemberData(nameof(FloatModels))]
    public void Float_models_match_the_oracle(string relativePath) => CompareWithOracle(relativePath, Tolerance);

    [Theory]
    [MemberData(nameof(HybridModels))]
    public void Hybrid_models_match_the_oracle(string relativePath) => CompareWithOracle(relativePath, Tolerance);

    private void CompareWithOracle(string relativePath, double tolerance)
    {
        const int samples = 10;
        var path = SharedData.Path(relativePath.Split('/'));
        var graph = TfLiteReader.ReadFile(path);
        var interpreter = new Interpreter(graph);
        var random = new Random(1234);
        var perSample = interpreter.Inputs.Select(t => RuntimeTensor.ElementCountOf(t.Source.Shape.AsSpan(1))).ToArray();
        // LiteRT's WASM build runs out of buffer space on big batches (MobileNetV2 at 224x224), so large inputs go in chunks.
        int chunk = Math.Clamp(200_000 / perSample.Max(), 1, samples);
        var worst = new double[interpreter.Outputs.Count];
        for (int done = 0; done < samples; done += chunk)
        {
            int batch = Math.Min(chunk, samples - done);
            var oracleInputs = new List<OracleTensor>();
            for (int i = 0; i < interpreter.Inputs.Count; i++)
            {
                int[] shape = [batch, .. interpreter.Inputs[i].Source.Shape[1..]];
                var values = new float[batch * perSample[i]];
                for (int k = 0; k < values.Length; k++) values[k] = (float)random.NextDouble();
                interpreter.SetInput<float>(i, values, shape);
                oracleInputs.Add(OracleTensor.Float32(shape, values));
            }
            interpreter.Invoke();
            var oracle = OracleRunner.Run(path, oracleInputs);
            Assert.Equal(oracle.Outputs.Count, interpreter.Outputs.Count);
            for (int o = 0; o < oracle.Outputs.Count; o++)
            {
                Assert.Equal(oracle.Outputs[o].Shape, interpreter.GetOutputShape(o));
                var ours = interpreter.GetOutputArray<float>(o);
                var theirs = oracle.Outputs[o].ToDoubles();
                var (error, at) = WorstError(ours, theirs);
                worst[o] = Math.Max(worst[o], error);
                if (error > tolerance)
                    Assert.Fail($"{relativePath} output {o}: error {error:E3} at {at} (ours {ours[at]:R}, oracle {theirs[at]:R}) exceeds {tolerance:E0}");
            }
        }
        for (int o = 0; o < worst.Length; o++)
            output.WriteLine($"{relativePath} output {o}: {samples} samples, max |ours - oracle| / max(1, |oracle|) = {worst[o]:E2}");
    }

    private static (double Worst, int At) WorstError(float[] ours, IReadOnlyList<double> theirs)
    {
        Assert.Equal(theirs.Count, ours.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < ours.Length; i++)
        {
            double e = Math.Abs(ours[i] - theirs[i]) / Math.Max(1, Math.Abs(theirs[i]));
            if (double.IsNaN(e) || e > worst) { worst = double.IsNaN(e) ? double.PositiveInfinity : e; at = i; }
        }
        return (worst, at);
    }

    public static TheoryData<string> Goldens =>
    [
        .. Directory.GetFiles(SharedData.Path("conformance", "tflm-goldens"), "*.json").Select(f => Path.GetFileName(f)).Order(),
    ];

    /// <summary>The float cases of the TFLite Micro goldens, and our arena beside TFLite Micro's for every golden.
    /// TFLM's arena_bytes also holds its persistent allocations (tensor and node structs, kernel op data, scratch
    /// buffers, alignment of the tail), so ours, which is the planned activations only, is smaller.</summary>
    [Theory]
    [MemberData(nameof(Goldens))]
    public void Tflm_goldens(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Path("conformance", "tflm-goldens", file)));
        var root = doc.RootElement;
        var model = root.GetProperty("model").GetString()!;
        var graph = TfLiteReader.ReadFile(SharedData.Path(model.Split('/')));
        var plan = MemoryPlanner.Plan(graph.Main);
        output.WriteLine($"{model}: arena ours {plan.ArenaBytes} B (unshared {plan.UnsharedBytes} B), TFLite Micro {root.GetProperty("arena_bytes").GetInt32()} B");
        Assert.True(plan.ArenaBytes <= root.GetProperty("arena_bytes").GetInt32());

        bool floatCase = graph.Main.Tensors.All(t => t.IsConstant || !t.Type.IsQuantizedType());
        if (!floatCase) return;
        var interpreter = new Interpreter(graph);
        double worstOverall = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            interpreter.ResetState();
            var inputs = c.GetProperty("inputs").EnumerateArray().ToArray();
            var inputInfo = root.GetProperty("inputs").EnumerateArray().ToArray();
            for (int i = 0; i < inputs.Length; i++)
            {
                var shape = inputInfo[i].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                interpreter.SetInput<float>(i, inputs[i].EnumerateArray().Select(e => e.GetSingle()).ToArray(), shape);
            }
            interpreter.Invoke();
            var expected = c.GetProperty("double").EnumerateArray().ToArray();
            for (int o = 0; o < expected.Length; o++)
            {
                var theirs = expected[o].EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var (worst, at) = WorstError(interpreter.GetOutputArray<float>(o), theirs);
                worstOverall = Math.Max(worstOverall, worst);
                Assert.True(worst <= Tolerance, $"{model} output {o}: error {worst:E3} at {at}");
            }
        }
        output.WriteLine($"{model}: float cases max error {worstOverall:E2}");
    }
}
