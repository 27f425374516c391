using System.Text.Json;
using System.Text.Json.Nodes;
using PureHDF;
using TfLite.Core.Tests.Infrastructure.KerasFiles;

// Usage: SampleModels <kind> <output file>
//   demo-mlp       a Keras 3 legacy .h5 classifier: 4 inputs -> Dense(8, relu) -> Dense(3, softmax)
//   unknown-layer  the same model with a layer of a class no converter knows ("FancyNormalization")
//   not-keras      a valid HDF5 file that holds data but no Keras model configuration
//   demo-fakequant a frozen TF1 quantization-aware GraphDef (.pb) with FakeQuant ranges on weights and activations
//   demo-savedmodel       a TF2 SavedModel folder: serving_default = relu(x @ kernel + bias) with x [None, 4], and a
//                         "logits" signature without the relu
//   demo-keras-savedmodel a tf.keras 2.x SavedModel folder (keras_metadata.pb): input [6, 6, 1] -> Conv2D(2, 3x3, relu)
//                         -> Flatten -> Dense(3, softmax)
//   qat-guide      the frozen eval graph of TF1's quantization-aware training guide, ending in tf.maximum(out, -1e27)
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SampleModels demo-mlp|unknown-layer|not-keras|demo-fakequant|demo-savedmodel|demo-keras-savedmodel|qat-guide <output file or folder>");
    return 2;
}

var (kind, path) = (args[0], Path.GetFullPath(args[1]));
switch (kind)
{
    case "demo-mlp":
        WriteMlp(path, withUnknownLayer: false);
        break;
    case "unknown-layer":
        WriteMlp(path, withUnknownLayer: true);
        break;
    case "not-keras":
        new H5File { ["measurements"] = new H5Dataset(new float[] { 1, 2, 3, 4 }) }.Write(path);
        break;
    case "demo-fakequant":
        FakeQuantGraph.Write(path);
        break;
    case "demo-savedmodel":
        TfLite.Core.Tests.TensorFlow.Infrastructure.SampleSavedModels.Dense().Write(path);
        break;
    case "demo-keras-savedmodel":
        TfLite.Core.Tests.TensorFlow.Infrastructure.SampleSavedModels.KerasSequential().Write(path);
        break;
    case "qat-guide":
        TfLite.Core.Tests.TensorFlow.Infrastructure.QatGuideGraph.Write(path, maximumTrick: true);
        break;
    default:
        Console.Error.WriteLine($"unknown kind '{kind}'");
        return 2;
}
Console.WriteLine(path);
return 0;

static void WriteMlp(string path, bool withUnknownLayer)
{
    var layers = new JsonArray
    {
        Layer("InputLayer", new JsonObject
        {
            ["batch_shape"] = new JsonArray(null, 4), ["dtype"] = "float32", ["sparse"] = false, ["name"] = "features",
        }),
        Dense("hidden", 8, "relu"),
    };
    if (withUnknownLayer)
        layers.Add(Layer("FancyNormalization", new JsonObject { ["name"] = "fancy", ["trainable"] = true, ["dtype"] = "float32" }));
    layers.Add(Dense("scores", 3, "softmax"));

    var model = Layer("Sequential", new JsonObject
    {
        ["name"] = "demo_mlp", ["trainable"] = true, ["dtype"] = "float32", ["layers"] = layers,
        ["build_input_shape"] = new JsonArray(null, 4),
    });
    var weights = new Dictionary<string, IReadOnlyList<TestWeight>>
    {
        ["hidden"] = [TestWeight.Random("kernel", [4, 8], seed: 1), TestWeight.Random("bias", [8], seed: 2)],
        ["scores"] = [TestWeight.Random("kernel", [8, 3], seed: 3), TestWeight.Random("bias", [3], seed: 4)],
    };
    LegacyH5Writer.Write(path, model.ToJsonString(), weights,
        new LegacyH5Options { KerasVersion = "3.13.2", Naming = LegacyWeightNaming.Keras3 });
}

static JsonObject Dense(string name, int units, string activation) => Layer("Dense", new JsonObject
{
    ["name"] = name, ["trainable"] = true, ["dtype"] = "float32", ["units"] = units, ["activation"] = activation,
    ["use_bias"] = true,
});

static JsonObject Layer(string className, JsonObject config) =>
    new() { ["class_name"] = className, ["config"] = config };
