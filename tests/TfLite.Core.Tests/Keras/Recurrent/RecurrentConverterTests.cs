using System.Text.Json.Nodes;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure.KerasReference;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras.Recurrent;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>
/// SimpleRNN, LSTM and GRU converters on small in-memory models: the fused operators' layout, the options that are
/// rejected, and both lowerings run by our interpreter against the float64 Keras reference evaluator.
/// </summary>
public sealed class RecurrentConverterTests
{
    private const int Steps = 4, Features = 3, Units = 5;

    private static object Options(string name, bool returnSequences = false, bool goBackwards = false, string activation = "tanh",
        string recurrentActivation = "sigmoid", bool returnState = false, bool stateful = false) => new
    {
        name, units = Units, activation, recurrent_activation = recurrentActivation, use_bias = true,
        return_sequences = returnSequences, return_state = returnState, go_backwards = goBackwards, stateful, unroll = false,
    };

    private static KerasModelBuilder Model(string cls, object options, int timeSteps = Steps) => Sequential(timeSteps, Features).Add(cls, options);

    private static TfLiteGraph Convert(KerasModelBuilder b, RecurrentLowering lowering, Dictionary<string, List<KerasWeight>> weights) =>
        KerasImporter.Convert(b.Json, path => weights.TryGetValue(string.Join("/", path), out var w) ? w : [],
            new KerasImportOptions { RecurrentLowering = lowering }, "2.15.0");

    private static Dictionary<string, List<KerasWeight>> WeightsOf(string cls, int gates, int[]? biasShape = null) => new()
    {
        [cls.ToLowerInvariant()] = [W("kernel", [Features, gates * Units], 1), W("recurrent_kernel", [Units, gates * Units], 2), W("bias", biasShape ?? [gates * Units], 3)],
    };

    [Fact]
    public void SimpleRnn_fuses_to_a_sequence_rnn_with_a_variable_state_and_takes_the_last_step()
    {
        var weights = WeightsOf("SimpleRNN", 1);
        var g = Convert(Model("SimpleRNN", Options("simplernn")), RecurrentLowering.Fused, weights);
        Assert.Equal([BuiltinOperator.UnidirectionalSequenceRnn, BuiltinOperator.StridedSlice], GraphAssert.Ops(g));
        var rnn = g.Main.Operators[0];
        Assert.Equal(5, rnn.Inputs.Count);
        var kernel = weights["simplernn"][0].Values;
        var w = GraphAssert.Floats(rnn.Inputs[1]);
        Assert.Equal([Units, Features], rnn.Inputs[1]!.Shape);
        for (var u = 0; u < Units; u++)
            for (var f = 0; f < Features; f++)
                Assert.Equal(kernel[f * Units + u], w[u * Features + f]);
        Assert.True(rnn.Inputs[4]!.IsVariable);
        Assert.Equal([-1, Units], GraphAssert.Dims(rnn.Inputs[4]!));
        Assert.Equal(ActivationFunction.Tanh, rnn.GetOptions<SequenceRnnOptions>().FusedActivation);
        Assert.False(rnn.GetOptions<SequenceRnnOptions>().TimeMajor);
        Assert.Equal([-1, Units], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void Go_backwards_reverses_the_input_of_the_fused_operator()
    {
        var g = Convert(Model("LSTM", Options("lstm", returnSequences: true, goBackwards: true)), RecurrentLowering.Fused, WeightsOf("LSTM", 4));
        Assert.Equal([BuiltinOperator.ReverseV2, BuiltinOperator.UnidirectionalSequenceLstm], GraphAssert.Ops(g));
        Assert.Equal([-1, Steps, Units], GraphAssert.Dims(g.Outputs[0]));
    }

    [Theory]
    [InlineData("SimpleRNN", 1, false, false)]
    [InlineData("SimpleRNN", 1, true, true)]
    [InlineData("LSTM", 4, false, true)]
    [InlineData("LSTM", 4, true, false)]
    public void Both_lowerings_match_the_Keras_reference(string cls, int gates, bool returnSequences, bool goBackwards)
    {
        var options = Options(cls.ToLowerInvariant(), returnSequences, goBackwards);
        var weights = WeightsOf(cls, gates);
        var model = Model(cls, options);
        var expected = Reference(model, weights);
        foreach (var lowering in new[] { RecurrentLowering.Fused, RecurrentLowering.Unrolled })
        {
            var g = Convert(model, lowering, weights);
            Assert.Equal(lowering == RecurrentLowering.Fused, g.Main.Tensors.Any(t => t.IsVariable));
            AssertClose(expected, Run(g)[0]);
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Gru_unrolls_and_matches_the_Keras_reference(bool resetAfter, bool returnSequences)
    {
        var options = new
        {
            name = "gru", units = Units, activation = "tanh", recurrent_activation = "sigmoid", use_bias = true,
            return_sequences = returnSequences, return_state = false, go_backwards = !returnSequences, stateful = false, reset_after = resetAfter,
        };
        var weights = WeightsOf("GRU", 3, resetAfter ? [2, 3 * Units] : null);
        var model = Sequential(Steps, Features).Add("GRU", options);
        var g = Convert(model, RecurrentLowering.Fused, weights);
        Assert.DoesNotContain(g.Main.Tensors, t => t.IsVariable);
        AssertClose(Reference(model, weights), Run(g)[0]);
    }

    [Fact]
    public void Unrolled_lstm_accepts_hard_sigmoid_and_matches_the_Keras_reference()
    {
        var model = Model("LSTM", Options("lstm", recurrentActivation: "hard_sigmoid"));
        var weights = WeightsOf("LSTM", 4);
        AssertClose(Reference(model, weights), Run(Convert(model, RecurrentLowering.Unrolled, weights))[0]);
    }

    [Fact]
    public void Unrolled_lstm_returns_the_final_states_with_return_state()
    {
        var weights = WeightsOf("LSTM", 4);
        var plain = Reference(Model("LSTM", Options("lstm")), weights);
        // A Functional model whose outputs are the layer's three tensors (a Sequential model exposes only the first).
        var layer = Layer("LSTM", Options("lstm", returnState: true));
        layer["name"] = "lstm";
        layer["inbound_nodes"] = JsonNode.Parse("[[[\"x\", 0, 0, {}]]]");
        var json = new JsonObject
        {
            ["class_name"] = "Functional",
            ["config"] = new JsonObject
            {
                ["name"] = "model",
                ["layers"] = new JsonArray(JsonNode.Parse($"{{\"class_name\": \"InputLayer\", \"name\": \"x\", \"inbound_nodes\": [], \"config\": {{\"name\": \"x\", \"dtype\": \"float32\", \"batch_input_shape\": [null, {Steps}, {Features}]}}}}"), layer),
                ["input_layers"] = JsonNode.Parse("[[\"x\", 0, 0]]"),
                ["output_layers"] = JsonNode.Parse("[[\"lstm\", 0, 0], [\"lstm\", 0, 1], [\"lstm\", 0, 2]]"),
            },
        }.ToJsonString();
        var g = KerasImporter.Convert(json, path => weights.TryGetValue(string.Join("/", path), out var w) ? w : [],
            new KerasImportOptions { RecurrentLowering = RecurrentLowering.Unrolled }, "2.15.0");
        var outputs = Run(g);
        Assert.Equal(3, outputs.Count);
        AssertClose(plain, outputs[0]);
        AssertClose(plain, outputs[1]);
        Assert.Equal(Units, outputs[2].Length);
    }

    [Theory]
    [InlineData("LSTM", 4, "stateful", RecurrentLowering.Fused)]
    [InlineData("LSTM", 4, "recurrent_activation", RecurrentLowering.Fused)]
    [InlineData("LSTM", 4, "return_state", RecurrentLowering.Fused)]
    [InlineData("SimpleRNN", 1, "activation", RecurrentLowering.Fused)]
    [InlineData("SimpleRNN", 1, "time", RecurrentLowering.Unrolled)]
    public void Options_without_a_conversion_are_rejected_by_name(string cls, int gates, string option, RecurrentLowering lowering)
    {
        var name = cls.ToLowerInvariant();
        var options = option switch
        {
            "stateful" => Options(name, stateful: true),
            "recurrent_activation" => Options(name, recurrentActivation: "hard_sigmoid"),
            "return_state" => Options(name, returnState: true),
            "activation" => Options(name, activation: "sigmoid"),
            _ => Options(name),
        };
        var model = Model(cls, options, timeSteps: option == "time" ? -1 : Steps);
        var e = Assert.Throws<UnsupportedLayerException>(() => Convert(model, lowering, WeightsOf(cls, gates)));
        Assert.Equal(name, e.Target);
        Assert.Contains(option, e.Message);
    }

    private static double[] Reference(KerasModelBuilder model, Dictionary<string, List<KerasWeight>> weights)
    {
        var reference = KerasReferenceModel.FromConfig(model.Json, path => weights.TryGetValue(string.Join("/", path), out var w) ? w : [], 2);
        return reference.Predict(new RefTensor([1, Steps, Features], Input())).Single().Data;
    }

    private static List<float[]> Run(TfLiteGraph g)
    {
        var interpreter = new Interpreter(g);
        interpreter.SetInput(0, Input().Select(v => (float)v).ToArray(), (int[])[1, Steps, Features]);
        interpreter.Invoke();
        return Enumerable.Range(0, interpreter.Outputs.Count).Select(interpreter.GetOutputArray<float>).ToList();
    }

    private static double[] Input()
    {
        var random = new Random(7);
        return Enumerable.Range(0, Steps * Features).Select(_ => random.NextDouble()).ToArray();
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"[{i}] {actual[i]} vs reference {expected[i]}");
    }
}
