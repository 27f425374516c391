using TfLite.Core.Tests.Conformance.Harness;
using Xunit;

namespace TfLite.Core.Tests.Conformance;

public sealed class HarnessTests
{
    [Fact]
    public void Corpus_lists_every_keras_model_but_the_qat_wrapped_one()
    {
        var all = RealModelCorpus.All;
        Assert.Equal(17, all.Count);
        Assert.DoesNotContain(all, c => c.KerasPath.EndsWith("q_aware_model.h5", StringComparison.Ordinal));
        Assert.Equal("tf_model.h5", Path.GetFileName(RealModelCorpus.Get("sheena-qat-conv-k2.10").KerasPath));
        Assert.Equal("mnist_model.keras", Path.GetFileName(RealModelCorpus.Get("charm-mnist-bn-k3.13-keras").KerasPath));
        Assert.All(all, c => Assert.True(File.Exists(c.KerasPath), c.KerasPath));
    }

    [Fact]
    public void Corpus_pairs_only_tensorflows_float_files()
    {
        var paired = RealModelCorpus.All.Where(c => c.TfFloatPath is not null).ToDictionary(c => c.Id, c => Path.GetFileName(c.TfFloatPath!));
        Assert.Equal(8, paired.Count);
        Assert.Equal("model_base.tflite", paired["jhonatan-mnist-gap-k3.14h5"]);
        Assert.Equal("tinyml_mobilenet_dog_detector.tflite", paired["kim-dogdet-mobilenet-k3.8h5"]);
        Assert.Equal("tflite_model.tflite", paired["sheena-mnist-mlp-k2.10"]);
        Assert.False(paired.ContainsKey("kurt-openhand-cnn-k2.14"));
    }

    [Fact]
    public void Comparison_scales_by_the_truth_and_finds_the_worst_output()
    {
        var truth = new[] { new BatchOutput([2], [1000, 0.5]), new BatchOutput([1], [2]) };
        var ours = new[] { new BatchOutput([2], [1000.05, 0.5]), new BatchOutput([1], [2.0003]) };
        var cmp = OutputComparison.Of(ours, truth);
        Assert.Null(cmp.Problem);
        Assert.Equal(0.00015, cmp.MaxScaledDiff, 10);
        Assert.Equal(0.05, cmp.MaxAbsDiff, 10);
        Assert.Equal(1, cmp.WorstOutput);
        Assert.False(cmp.Passes);
        Assert.True(OutputComparison.Of(truth, truth).Passes);
    }

    [Fact]
    public void Comparison_reports_shape_count_and_non_finite_problems()
    {
        var truth = new[] { new BatchOutput([2], [1, 2]) };
        Assert.Contains("shape", OutputComparison.Of([new BatchOutput([1, 2], [1, 2])], truth).Problem);
        Assert.Contains("outputs", OutputComparison.Of([], truth).Problem);
        Assert.Contains("not finite", OutputComparison.Of([new BatchOutput([2], [1, double.NaN])], truth).Problem);
    }

    [Fact]
    public void Operator_differences_are_formatted_and_normalized()
    {
        var ours = new Dictionary<string, int> { ["ADD"] = 1, ["CONV_2D"] = 3 };
        var theirs = new Dictionary<string, int> { ["CONV_2D"] = 3, ["MUL"] = 2, ["ADD"] = 3 };
        var diff = OperatorNames.Format(OperatorNames.Difference(ours, theirs));
        Assert.Equal("ADD:-2 MUL:-2", diff);
        Assert.Equal(diff, ConversionNotes.Normalize("MUL:-2  ADD:-2"));
        Assert.Equal("none", ConversionNotes.Normalize(""));
        Assert.Equal("FULLY_CONNECTED", OperatorNames.Of(TfLite.Core.Graph.BuiltinOperator.FullyConnected));
    }

    [Fact]
    public void Seeded_inputs_are_reproducible_and_in_range()
    {
        var a = SeededInputs.For("model").Uniform(1000);
        var b = SeededInputs.For("model").Uniform(1000);
        Assert.Equal(a, b);
        Assert.All(a, v => Assert.InRange(v, 0f, 0.99999994f));
        Assert.NotEqual(a, SeededInputs.For("other").Uniform(1000));
        Assert.All(SeededInputs.For("x").Indices(100, 7), v => Assert.True(v is >= 0 and < 7 && v == Math.Floor(v)));
    }

    [Fact]
    public void Layer_classes_include_nested_and_wrapped_layers()
    {
        var json = """
            {"class_name":"Sequential","config":{"name":"s","layers":[
              {"class_name":"InputLayer","config":{"name":"x"}},
              {"class_name":"QuantizeAnnotate","config":{"name":"q","layer":{"class_name":"Conv2D","config":{"name":"c"}}}},
              {"class_name":"Functional","config":{"name":"f","layers":[{"class_name":"Dense","config":{"name":"d"}}]}}]}}
            """;
        Assert.Equal(["Conv2D", "Dense", "Functional", "QuantizeAnnotate"], ModelLayers.Of(json));
    }
}
