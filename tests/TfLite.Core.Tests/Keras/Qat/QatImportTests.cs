using System.Text.Json.Nodes;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;

namespace TfLite.Core.Tests.Keras.Qat;

/// <summary>
/// Models trained with tfmot's quantization-aware training import as their float layers with the learned ranges
/// recorded on the tensors TensorFlow quantizes with them: the real QAT tutorial model of the corpus, and QAT files
/// written here with tfmot's variable layout, compared with the float base model of the same weights.
/// </summary>
public sealed class QatImportTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Real_qat_conv_model_carries_the_stored_ranges_on_the_surviving_tensors()
    {
        var path = SharedData.Path("models", "sheena-qat-conv-k2.10", "q_aware_model.h5");
        using var file = KerasModelFile.Open(path);
        var graph = KerasImporter.Import(path);

        Assert.Equal([BuiltinOperator.Reshape, BuiltinOperator.Conv2D, BuiltinOperator.MaxPool2D, BuiltinOperator.Reshape,
            BuiltinOperator.FullyConnected], graph.Main.Operators.Select(o => o.Code));

        var input = Stored(file, "quantize_layer", "quantize_layer");
        AssertRange(input, graph.Inputs[0]);
        Assert.Equal([0f], input.Min);
        Assert.Equal([1f], input.Max);

        var conv = graph.Main.Operators[1];
        Assert.Equal(ActivationFunction.Relu, ((Conv2DOptions)conv.Options!).FusedActivation);
        Assert.Equal("quant_conv2d", conv.Outputs[0].Name);
        AssertRange(Stored(file, "quant_conv2d", "post_activation"), conv.Outputs[0]);
        var kernel = Stored(file, "quant_conv2d", "kernel");
        Assert.Equal(12, kernel.Min.Length);
        AssertRange(kernel, conv.Inputs[1]!);
        Assert.Equal(0, conv.Inputs[1]!.Quantization!.QuantizedDimension);
        // The learned kernel range bounds the float kernel it was learned on (the last-value quantizer recorded it one
        // optimizer step before the kernel's final update).
        AssertWithinRange(conv.Inputs[1]!, 1e-3f);

        var dense = graph.Main.Operators[4];
        Assert.Same(graph.Outputs[0], dense.Outputs[0]);
        AssertRange(Stored(file, "quant_dense", "post_activation"), dense.Outputs[0]);
        AssertRange(Stored(file, "quant_dense", "kernel"), dense.Inputs[1]!);
        Assert.Single(dense.Inputs[1]!.Quantization!.Min!);

        // Layers tfmot does not quantize on their own (reshape, pooling) get no range.
        Assert.Null(graph.Main.Operators[2].Outputs[0].Quantization);
        Assert.Null(graph.Main.Operators[3].Outputs[0].Quantization);
        Assert.All(graph.Main.Tensors, t => Assert.False(t.Quantization?.IsQuantized == true));
    }

    [Fact]
    public void Written_qat_file_folds_batch_norm_and_keeps_every_range_where_it_belongs()
    {
        var m = ConvBatchNormDenseModel();
        var graph = KerasImporter.Import(WriteQat(m, "qat.h5"));

        Assert.Equal([BuiltinOperator.Conv2D, BuiltinOperator.Reshape, BuiltinOperator.FullyConnected,
            BuiltinOperator.FullyConnected, BuiltinOperator.Softmax], graph.Main.Operators.Select(o => o.Code));
        AssertRange(new([InputMin], [InputMax]), graph.Inputs[0]);

        // The batch norm folded into the convolution: its output range is on the surviving tensor, and the kernel
        // range scaled per channel with the weights, so it still bounds them.
        var conv = graph.Main.Operators[0];
        Assert.Equal("quant_batch_normalization", conv.Outputs[0].Name);
        AssertRange(new([-2.5f], [3.5f]), conv.Outputs[0]);
        var bn = m.BaseWeights["batch_normalization"];
        var (gamma, variance) = (bn[0].Values, bn[3].Values);
        var weights = conv.Inputs[1]!.Quantization!;
        for (var c = 0; c < 3; c++)
        {
            var s = gamma[c] / MathF.Sqrt(variance[c] + 1e-3f);
            Assert.Equal(Math.Min(KernelMin[c] * s, KernelMax[c] * s), weights.Min![c], 5);
            Assert.Equal(Math.Max(KernelMin[c] * s, KernelMax[c] * s), weights.Max![c], 5);
        }
        Assert.Equal(0, weights.QuantizedDimension);

        // Dense + ReLU: the post-activation range on the fused output; Dense + softmax: the pre-activation range on
        // the logits, none on the softmax output (TFLite fixes it).
        var hidden = graph.Main.Operators[2];
        Assert.Equal(ActivationFunction.Relu, ((FullyConnectedOptions)hidden.Options!).FusedActivation);
        AssertRange(new([0f], [6f]), hidden.Outputs[0]);
        AssertRange(new([-0.75f], [0.75f]), hidden.Inputs[1]!);
        var logits = graph.Main.Operators[3];
        AssertRange(new([-8f], [9f]), logits.Outputs[0]);
        Assert.Null(graph.Main.Operators[4].Outputs[0].Quantization);
        Assert.All(graph.Main.Tensors, t => Assert.False(t.Quantization?.IsQuantized == true));
    }

    [Fact]
    public void Float_conversion_of_a_qat_file_equals_its_float_base_model()
    {
        var m = ConvBatchNormDenseModel();
        var qat = KerasImporter.Import(WriteQat(m, "qat.h5"));
        var basePath = Path.Combine(_dir.Path, "base.h5");
        LegacyH5Writer.Write(basePath, m.BaseJson, m.BaseWeights, new LegacyH5Options { KerasVersion = "2.10.0" });
        var plain = KerasImporter.Import(basePath);

        var random = new Random(7);
        for (var sample = 0; sample < 4; sample++)
        {
            var x = Enumerable.Range(0, 5 * 5 * 2).Select(_ => (float)random.NextDouble()).ToArray();
            var expected = Run(plain, x);
            var actual = Run(qat, x);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6f);
        }
    }

    [Fact]
    public void Unnamed_weights_split_by_the_quantize_config_like_named_ones()
    {
        var m = ConvBatchNormDenseModel();
        var named = KerasImporter.Import(WriteQat(m, "qat.h5"));
        // Keras 3 archives name no weights: the wrapper's variables are told apart by position.
        var unnamed = KerasImporter.Convert(m.QatJson, path =>
            m.QatWeights.Where(kv => kv.Key == path[^1] || kv.Key.StartsWith(path[^1] + "/", StringComparison.Ordinal))
                .SelectMany(kv => kv.Value).Select(w => new KerasWeight(null, w.Shape, w.Values)).ToList(), null, "2.10.0");

        var ranged = named.Main.Tensors.Where(t => t.Quantization is not null).ToList();
        Assert.Equal(7, ranged.Count); // input, conv weights and output, two dense weights, hidden output, logits
        foreach (var t in ranged)
        {
            var other = Assert.Single(unnamed.Main.Tensors, u => u.Name == t.Name);
            Assert.Equal(t.Quantization!.Min, other.Quantization!.Min);
            Assert.Equal(t.Quantization.Max, other.Quantization.Max);
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Broken_ranges_are_a_model_error_naming_the_layer(bool reversed, bool missingMax)
    {
        var m = new QatModelWriter([3], 0f, 1f).Wrap("Dense", Dense("dense", 2, "relu"),
            [TestWeight.Random("kernel", [3, 2], 1), TestWeight.Random("bias", [2], 2)],
            [("kernel", [-1f], [1f]), ("post_activation", reversed ? [2f] : [0f], reversed ? [1f] : [2f])]);
        var weights = m.QatWeights.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (missingMax) weights["quant_dense"] = weights["quant_dense"].Where(w => w.Name != "post_activation_max").ToList();
        var path = Path.Combine(_dir.Path, "broken.h5");
        LegacyH5Writer.Write(path, m.QatJson, weights, new LegacyH5Options { KerasVersion = "2.10.0" });

        var e = Assert.Throws<ModelFormatException>(() => KerasImporter.Import(path));
        Assert.Equal("InvalidQuantizationRange", e.ErrorId);
        Assert.Contains("quant_dense", e.Message);
        Assert.Contains("post_activation", e.Message);
    }

    // ------------------------------------------------------------------ the written model

    private const float InputMin = 0f, InputMax = 1f;
    private static readonly float[] KernelMin = [-0.9f, -0.6f, -1f];
    private static readonly float[] KernelMax = [0.9f, 0.6f, 1f];

    /// <summary>Conv2D (3 filters, per-channel kernel ranges, no activation of its own as tfmot leaves it before a
    /// batch norm) → BatchNormalization (output range) → Flatten → Dense(4, relu) → Dense(3, softmax).</summary>
    private static QatModelWriter ConvBatchNormDenseModel() =>
        new QatModelWriter([5, 5, 2], InputMin, InputMax)
            .Wrap("Conv2D", new JsonObject
            {
                ["name"] = "conv2d", ["filters"] = 3, ["kernel_size"] = new JsonArray(3, 3), ["strides"] = new JsonArray(1, 1),
                ["padding"] = "valid", ["activation"] = "linear", ["use_bias"] = true,
            }, [TestWeight.Random("kernel", [3, 3, 2, 3], 11), TestWeight.Random("bias", [3], 12)],
                [("kernel", KernelMin, KernelMax)], "Default8BitConvQuantizeConfig", noOpActivation: true)
            .Wrap("BatchNormalization", new JsonObject { ["name"] = "batch_normalization", ["axis"] = -1, ["epsilon"] = 1e-3 },
                [new TestWeight("gamma", [3], [1.5f, -0.5f, 2f]), new TestWeight("beta", [3], [0.1f, 0.2f, -0.3f]),
                 new TestWeight("moving_mean", [3], [0.05f, -0.1f, 0.2f]), new TestWeight("moving_variance", [3], [0.8f, 1.2f, 0.5f])],
                [("output", [-2.5f], [3.5f])], "Default8BitOutputQuantizeConfig")
            .Wrap("Flatten", new JsonObject { ["name"] = "flatten" }, [], [])
            .Wrap("Dense", Dense("dense", 4, "relu"), [TestWeight.Random("kernel", [27, 4], 13), TestWeight.Random("bias", [4], 14)],
                [("kernel", [-0.75f], [0.75f]), ("post_activation", [0f], [6f])])
            .Wrap("Dense", Dense("dense_1", 3, "softmax"), [TestWeight.Random("kernel", [4, 3], 15), TestWeight.Random("bias", [3], 16)],
                [("kernel", [-1f], [1f]), ("pre_activation", [-8f], [9f])]);

    private static JsonObject Dense(string name, int units, string activation) =>
        new() { ["name"] = name, ["units"] = units, ["activation"] = activation, ["use_bias"] = true };

    private string WriteQat(QatModelWriter m, string name)
    {
        var path = Path.Combine(_dir.Path, name);
        LegacyH5Writer.Write(path, m.QatJson, m.QatWeights, new LegacyH5Options { KerasVersion = "2.10.0" });
        return path;
    }

    // ------------------------------------------------------------------ helpers

    private sealed record Range(float[] Min, float[] Max);

    /// <summary>The range a wrapper stores for <paramref name="what"/>, read from the file by name.</summary>
    private static Range Stored(KerasModelFile file, string layer, string what)
    {
        var weights = file.GetWeights([layer]);
        return new(weights.Single(w => w.Name == what + "_min").Values, weights.Single(w => w.Name == what + "_max").Values);
    }

    private static void AssertRange(Range expected, Tensor tensor)
    {
        var q = Assert.IsType<QuantizationParameters>(tensor.Quantization);
        Assert.Equal(expected.Min, q.Min);
        Assert.Equal(expected.Max, q.Max);
        Assert.Empty(q.Scale);
    }

    /// <summary>Every weight lies in its output channel's range, give or take <paramref name="relative"/> of it.</summary>
    private static void AssertWithinRange(Tensor weights, float relative)
    {
        var q = weights.Quantization!;
        var values = weights.GetData<float>();
        var perChannel = values.Length / weights.Shape[0];
        for (var i = 0; i < values.Length; i++)
        {
            var c = q.Min!.Length == 1 ? 0 : i / perChannel;
            var slack = relative * (q.Max![c] - q.Min[c]);
            Assert.InRange(values[i], q.Min[c] - slack, q.Max[c] + slack);
        }
    }

    private static float[] Run(TfLiteGraph graph, float[] x)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph);
        interpreter.SetInput(0, x);
        interpreter.Invoke();
        return interpreter.GetOutputArray<float>(0);
    }
}
