using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Warmup;

/// <summary>
/// Two small models shaped like the networks the interpreter usually runs (a MobileNet-style stack of a strided
/// convolution, depthwise and pointwise convolutions, pooling, a dense head and softmax), one int8 with per-channel
/// weights and one float32. Running them once makes .NET compile the kernels and the planner those networks use.
/// Channel counts 8 to 64 reach every vector width's loop and its tail; the values are arbitrary but fixed.
/// </summary>
internal static class WarmupModels
{
    private const int Side = 16;

    /// <summary>The int8 model: a one-channel 16x16 image to two classes.</summary>
    public static TfLiteGraph Int8() => Build("warmup-int8", TensorType.Int8, inputChannels: 1);

    /// <summary>The float32 model: a three-channel 16x16 image to two classes.</summary>
    public static TfLiteGraph Float32() => Build("warmup-float32", TensorType.Float32, inputChannels: 3);

    private static TfLiteGraph Build(string name, TensorType type, int inputChannels)
    {
        var graph = TfLiteGraph.CreateEmpty(name);
        var layers = new LayerFactory(graph.Main, type);
        var x = layers.Input(Side, inputChannels);
        x = layers.Conv(x, outChannels: 8, kernel: 3, stride: 2);
        x = layers.Depthwise(x, stride: 1);
        x = layers.Conv(x, outChannels: 16, kernel: 1, stride: 1);
        x = layers.Depthwise(x, stride: 2);
        x = layers.Conv(x, outChannels: 64, kernel: 1, stride: 1);
        x = layers.MaxPool(x);
        x = layers.AveragePool(x);
        x = layers.Flatten(x);
        x = layers.Dense(x, units: 2);
        graph.Main.Outputs.Add(layers.Softmax(x));
        return graph;
    }
}
