using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Transforms;

/// <summary>
/// Real Keras models imported and optimized by the passes end up with the operators TensorFlow's converter wrote for
/// the same model: each operator kind with each fused activation, counted (BatchNormalization folded or kept, ReLU
/// fused or kept, exactly as in TensorFlow's float .tflite of that file).
/// </summary>
public class ConvertedModelsMatchTensorFlowTests
{
    public static TheoryData<string, string, string> Pairs => new()
    {
        { "iesd-afnet-k2.15", "AFNet_1.h5", "af_detect_1.tflite" },
        { "jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model.tflite" },
        { "jhonatan-mnist-gap-k3.14h5", "model.h5", "model_base.tflite" },
        { "kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.h5", "tinyml_mobilenet_dog_detector.tflite" },
        { "sheena-mnist-mlp-k2.10", "model.h5", "tflite_model.tflite" },
        { "assachan-sine-mlp-k3.13h5", "sine_model.h5", "sine_model.tflite" },
        { "tm-inspectorsally-mobilenetv2-k2.4", "keras_model.h5", "model_unquant.tflite" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Operators_and_fused_activations_match_tensorflow(string folder, string keras, string tflite)
    {
        var expected = Census(TfLiteReader.ReadFile(SharedData.Path("models", folder, tflite)));
        var actual = Census(KerasImporter.Import(SharedData.Path("models", folder, keras)));
        Assert.Equal(expected, actual);
    }

    private static string[] Census(TfLiteGraph graph) =>
        graph.Main.Operators
            .Select(o => $"{o.Code}/{(o.Options as IFusedActivationOptions)?.FusedActivation.ToString() ?? "-"}")
            .GroupBy(k => k)
            .Select(g => $"{g.Key} x{g.Count()}")
            .Order(StringComparer.Ordinal)
            .ToArray();
}
