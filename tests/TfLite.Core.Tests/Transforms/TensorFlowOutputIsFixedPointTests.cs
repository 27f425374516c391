using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Transforms;
using Xunit;

namespace TfLite.Core.Tests.Transforms;

/// <summary>
/// TensorFlow's converter already applied its passes to its own float .tflite files, so ours must find nothing left
/// to do there: a pass that changes one of them either disagrees with TensorFlow or breaks a correct graph.
/// </summary>
public class TensorFlowOutputIsFixedPointTests
{
    public static TheoryData<string, string> FloatModels => new()
    {
        { "iesd-afnet-k2.15", "af_detect_1.tflite" },
        { "iesd-cnn-lstm-k2.10", "LSTM.tflite" },
        { "jemimav-mnist-cnn-k2.10", "model.tflite" },
        { "jhonatan-mnist-gap-k3.14h5", "model_base.tflite" },
        { "kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.tflite" },
        { "sheena-mnist-mlp-k2.10", "tflite_model.tflite" },
        { "assachan-sine-mlp-k3.13h5", "sine_model.tflite" },
        { "tm-inspectorsally-mobilenetv2-k2.4", "model_unquant.tflite" },
    };

    [Theory]
    [MemberData(nameof(FloatModels))]
    public void Passes_leave_tensorflow_float_models_unchanged(string folder, string file)
    {
        var graph = TfLiteReader.ReadFile(SharedData.Path("models", folder, file));
        var before = Describe(graph);

        var rounds = ConverterPasses.Apply(graph, ConverterPassOptions.Default);

        Assert.Equal(before, Describe(graph));
        Assert.Equal(0, rounds);
    }

    private static string[] Describe(TfLiteGraph graph) =>
        graph.Subgraphs.SelectMany(sg => sg.Operators.Select(o => $"{o} {o.Options}")
            .Concat(sg.Tensors.Select(t => $"{t} {(t.Data is null ? "" : Convert.ToBase64String(t.Data))}")))
            .ToArray();
}
