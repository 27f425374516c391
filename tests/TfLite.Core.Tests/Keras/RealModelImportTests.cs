using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;

namespace TfLite.Core.Tests.Keras;

/// <summary>
/// The real Keras files of ../shared/models through the importer: inputs as SOURCE.md records them, operator
/// histograms and interfaces equal to TensorFlow's own conversion of the same file, weights and batch-norm constants
/// bit-identical to TensorFlow's, and shapes equal to the ones Keras 3 records in its configs. Numerical end-to-end
/// checks live in the conformance tests.
/// </summary>
public partial class RealModelImportTests
{
    /// <summary>Keras files with TensorFlow's conversion of the same file: float, or dynamic-range (same operators,
    /// int8 weights).</summary>
    public static TheoryData<string, string, string> TensorFlowPairs => new()
    {
        { "assachan-sine-mlp-k3.13h5", "sine_model.h5", "sine_model.tflite" },
        { "iesd-afnet-k2.15", "AFNet_1.h5", "af_detect_1.tflite" },
        { "jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model.tflite" },
        { "jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model_optimized.tflite" },
        { "jemimav-mnist-qat-annotate-k2.10", "qat_model.h5", "qat_model.tflite" },
        { "jhonatan-mnist-gap-k3.14h5", "model.h5", "model_base.tflite" },
        { "jhonatan-mnist-gap-k3.14h5", "model.h5", "model.tflite" },
        { "kim-dogdet-dwcnn-k3.8h5", "tinyml_dog_model_2.h5", "tinyml_dog_model_quantized.tflite" },
        { "kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.h5", "tinyml_mobilenet_dog_detector.tflite" },
        { "kurt-openhand-cnn-k2.14", "open_hand_model.h5", "open_hand_model.tflite" },
        { "sheena-mnist-mlp-k2.10", "model.h5", "tflite_model.tflite" },
        { "sheena-mnist-mlp-k2.10", "model.h5", "tflite_quant_model.tflite" },
        { "tm-inspectorsally-mobilenetv2-k2.4", "keras_model.h5", "model_unquant.tflite" },
    };

    public static IEnumerable<object[]> Convertible() =>
        RealKerasModels.All.Select(m => new object[] { m.Slug, m.FileName });

    [Theory]
    [MemberData(nameof(Convertible))]
    public void ImportsWithTheInputsSourceMdRecords(string slug, string fileName)
    {
        var path = SharedData.Path("models", slug, fileName);
        var graph = KerasImporter.Import(path);

        Assert.Equal(path, graph.SourcePath);
        var expected = RecordedInputs(slug, fileName);
        Assert.Equal(expected.Select(i => i.Name), graph.Inputs.Select(t => t.Name));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Dims, graph.Inputs[i].ShapeSignature);
            Assert.Equal(TensorType.Float32, graph.Inputs[i].Type);
        }
        Assert.NotEmpty(graph.Outputs);
        Assert.All(graph.Main.Operators, o => Assert.False(string.IsNullOrEmpty(o.SourceLayer)));
        Assert.Equal(graph.Main.Tensors.Count, graph.Main.Tensors.Select(t => t.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TensorFlowPairs))]
    public void OperatorsAndInterfaceEqualTensorFlowsConversion(string slug, string kerasFile, string tfliteFile)
    {
        var ours = KerasImporter.Import(SharedData.Path("models", slug, kerasFile));
        var theirs = TfLiteReader.ReadFile(SharedData.Path("models", slug, tfliteFile));

        Assert.Equal(Histogram(theirs), Histogram(ours));
        Assert.Equal(theirs.Inputs.Select(GraphAssert.Dims), ours.Inputs.Select(GraphAssert.Dims));
        Assert.Equal(theirs.Outputs.Select(GraphAssert.Dims), ours.Outputs.Select(GraphAssert.Dims));
    }

    [Theory]
    [InlineData("assachan-sine-mlp-k3.13h5", "sine_model.h5", "sine_model.tflite")]
    [InlineData("jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model.tflite")]
    [InlineData("jhonatan-mnist-gap-k3.14h5", "model.h5", "model_base.tflite")]
    [InlineData("sheena-mnist-mlp-k2.10", "model.h5", "tflite_model.tflite")]
    public void WeightsAndBiasesAreBitIdenticalToTensorFlows(string slug, string kerasFile, string tfliteFile)
    {
        var ours = KerasImporter.Import(SharedData.Path("models", slug, kerasFile));
        var theirs = TfLiteReader.ReadFile(SharedData.Path("models", slug, tfliteFile));

        var ourOps = WeightedOps(ours);
        var theirOps = WeightedOps(theirs);
        Assert.Equal(theirOps.Count, ourOps.Count);
        for (var i = 0; i < ourOps.Count; i++)
            for (var input = 1; input <= 2; input++)
            {
                Assert.Equal(theirOps[i].Inputs[input]!.Shape, ourOps[i].Inputs[input]!.Shape);
                Assert.Equal(GraphAssert.Floats(theirOps[i].Inputs[input]), GraphAssert.Floats(ourOps[i].Inputs[input]));
            }
    }

    [Fact]
    public void BatchNormAfterReluKeepsTensorFlowsScaleAndOffset()
    {
        // AFNet's BatchNormalization follows a ReLU, so TensorFlow keeps it as MUL + ADD. TensorFlow folded
        // gamma * rsqrt(variance + epsilon) with Eigen, whose 8-wide packets use the CPU's approximate rsqrt plus one
        // Newton step (CPU-dependent, within 1 ulp); channels outside full packets, and so the 3- and 5-channel
        // layers, are exact there and must be bit-identical here. We round correctly.
        var ours = KerasImporter.Import(SharedData.Path("models", "iesd-afnet-k2.15", "AFNet_1.h5"));
        var theirs = TfLiteReader.ReadFile(SharedData.Path("models", "iesd-afnet-k2.15", "af_detect_1.tflite"));

        foreach (var code in new[] { BuiltinOperator.Mul, BuiltinOperator.Add })
        {
            var ourConstants = ours.Main.Operators.Where(o => o.Code == code).Select(o => GraphAssert.Floats(o.Inputs[1])).ToList();
            var theirConstants = theirs.Main.Operators.Where(o => o.Code == code).Select(o => GraphAssert.Floats(o.Inputs[1])).ToList();
            Assert.Equal(5, ourConstants.Count);
            Assert.Equal(theirConstants.Take(2), ourConstants.Take(2));
            for (var layer = 2; layer < 5; layer++)
            {
                Assert.Equal(theirConstants[layer].Length, ourConstants[layer].Length);
                for (var c = 0; c < ourConstants[layer].Length; c++)
                    Assert.True(Math.Abs(ourConstants[layer][c] - theirConstants[layer][c]) <= 3e-7 * Math.Max(1, Math.Abs(theirConstants[layer][c])),
                        $"{code} of batch norm {layer}, channel {c}: ours {ourConstants[layer][c]:G9}, TF's {theirConstants[layer][c]:G9}");
            }
        }
    }

    [Theory]
    [InlineData("charm-mnist-bn-k3.13-keras", "mnist_model.keras")]
    [InlineData("kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.h5")]
    public void ShapesEqualTheOnesKeras3RecordsInTheConfig(string slug, string fileName)
    {
        var path = SharedData.Path("models", slug, fileName);
        string config;
        using (var file = KerasModelFile.Open(path)) config = file.ModelConfigJson;
        var graph = KerasImporter.Import(path, new KerasImportOptions { Optimize = false });
        var checkedShapes = 0;
        foreach (var layer in (JsonNode.Parse(config)!["config"]!["layers"] as JsonArray)!.Select(l => l!.AsObject()))
        {
            var name = layer["config"]!["name"]!.GetValue<string>();
            var ops = graph.Main.Operators.Where(o => o.SourceLayer == name).ToList();
            if (ops.Count == 0) continue; // input and identity layers
            // Sequential layers record the input shape they were built with.
            if (layer["build_config"]?["input_shape"] is JsonArray built)
            {
                Assert.Equal(KerasShape(built), GraphAssert.Dims(ops[0].Inputs[0]!));
                checkedShapes++;
            }
            // Functional layers record each input's shape with the layer that produced it.
            foreach (var tensor in KerasTensors(layer["inbound_nodes"]))
            {
                var producer = tensor["keras_history"]![0]!.GetValue<string>();
                var produced = graph.Main.Operators.LastOrDefault(o => o.SourceLayer == producer)?.Outputs[0]
                               ?? graph.Inputs.SingleOrDefault(t => t.Name == producer);
                if (produced is null) continue; // an identity layer's output is its input's, checked there
                Assert.Equal(KerasShape((JsonArray)tensor["shape"]!), GraphAssert.Dims(produced));
                checkedShapes++;
            }
        }
        Assert.True(checkedShapes >= 10, $"only {checkedShapes} recorded shapes were compared");
    }

    private static Dictionary<BuiltinOperator, int> Histogram(TfLiteGraph g) =>
        g.Main.Operators.Where(o => o.Code is not (BuiltinOperator.Dequantize or BuiltinOperator.Quantize))
            .GroupBy(o => o.Code).OrderBy(x => x.Key).ToDictionary(x => x.Key, x => x.Count());

    private static List<Operator> WeightedOps(TfLiteGraph g) =>
        g.Main.Operators.Where(o => o.Code is BuiltinOperator.FullyConnected or BuiltinOperator.Conv2D or BuiltinOperator.DepthwiseConv2D).ToList();

    private static int[] KerasShape(JsonArray shape) => shape.Select(d => d is null ? -1 : d.GetValue<int>()).ToArray();

    private static IEnumerable<JsonObject> KerasTensors(JsonNode? node) => node switch
    {
        JsonArray a => a.SelectMany(KerasTensors),
        JsonObject o when o["class_name"]?.GetValue<string>() == "__keras_tensor__" => [o["config"]!.AsObject()],
        JsonObject o => o.Select(kv => kv.Value).SelectMany(KerasTensors),
        _ => [],
    };

    private sealed record RecordedInput(string Name, int[] Dims);

    /// <summary>The inputs SOURCE.md lists for a Keras file: "- input(s): `name` [None, 28, 28, 1] float32; ...".</summary>
    private static List<RecordedInput> RecordedInputs(string slug, string fileName)
    {
        var source = File.ReadAllText(SharedData.Path("models", slug, "SOURCE.md"));
        var section = source[source.IndexOf($"### `{fileName}`", StringComparison.Ordinal)..];
        var line = InputsLine().Match(section).Groups["list"].Value;
        return InputItem().Matches(line).Select(m => new RecordedInput(m.Groups["name"].Value,
            m.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries)
                .Select(d => d == "None" ? -1 : int.Parse(d, CultureInfo.InvariantCulture)).ToArray())).ToList();
    }

    [GeneratedRegex(@"^- input\(s\): (?<list>.*)$", RegexOptions.Multiline)]
    private static partial Regex InputsLine();

    [GeneratedRegex(@"`(?<name>[^`]+)` \[(?<shape>[^\]]*)\]")]
    private static partial Regex InputItem();
}
