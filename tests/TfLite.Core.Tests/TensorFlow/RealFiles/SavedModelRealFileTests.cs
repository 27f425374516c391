using TfLite.Core.Data;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.Tests.Conformance;
using TfLite.Core.Tests.Conformance.Harness;
using Xunit;

namespace TfLite.Core.Tests.TensorFlow.RealFiles;

/// <summary>
/// The SavedModel folders of <c>tests/data/tf</c> convert through <c>TfImporter.Import(folder)</c> (signature
/// <c>serving_default</c>, tag <c>serve</c>), run in LiteRT, agree with our interpreter, and match TensorFlow's own
/// .tflite of the model where the source has one, else the Keras layers' math on the weights of the SavedModel's
/// checkpoint (written out plainly here), to 1e-4 relative on 20 seeded inputs.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class SavedModelRealFileTests
{
    private const string KerasMlp = "scisharp-keras-mlp-savedmodel-tf2.11/simple_model_from_auto_compile";
    private const string KerasTwoInputs = "tfrust-keras-two-inputs-savedmodel-tf2.3/keras_multiple_inputs_saved_model";

    public static TheoryData<string> Folders => new(RealTfCorpus.SavedModels.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(Folders))]
    public void Converts_and_matches_the_truth(string id)
    {
        var model = RealTfCorpus.Get(id);
        TruthFunction? reference = id switch
        {
            KerasMlp => (_, inputs, samples) => MlpReference(model.Path, inputs, samples),
            KerasTwoInputs => (names, inputs, samples) => TwoInputReference(model.Path, names, inputs, samples),
            _ => null,
        };
        ModelConformance.Assert(TfGraphConformance.Check(model, [], reference));
    }

    /// <summary>The checkpoint weights that the references use are the ones the source's own test checks.</summary>
    [Fact]
    public void The_mlp_checkpoint_holds_the_weights_of_the_sources_npy_files()
    {
        var folder = RealTfCorpus.Get(KerasMlp).Path;
        var weights = Weights(folder);
        Assert.Equal(NpyReader.Read(Path.Combine(folder, "kernel1.npy")).ToSingleArray(), Find(weights, 100, 10));
        Assert.Equal(NpyReader.Read(Path.Combine(folder, "bias0.npy")).ToSingleArray(), Find(weights, 100));
    }

    /// <summary>The two-input model's checkpoint holds the shared inner Dense once and the outer Dense.</summary>
    [Fact]
    public void The_two_input_checkpoint_holds_each_dense_variable_once()
    {
        var weights = Weights(RealTfCorpus.Get(KerasTwoInputs).Path);
        Assert.Equal(["1", "3", "5x3", "6x1"], weights.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Flatten → Dense(100, relu) → Dense(10) → Softmax.</summary>
    private static IReadOnlyList<BatchOutput> MlpReference(string folder, IReadOnlyList<BatchInput> inputs, int samples)
    {
        var w = Weights(folder);
        var x = Assert.Single(inputs).Values;
        var y = new List<double>();
        for (var s = 0; s < samples; s++)
        {
            var h = Dense(x.AsSpan(s * 784, 784), Find(w, 784, 100), Find(w, 100), 100, v => Math.Max(0, v));
            y.AddRange(Softmax(Dense(h, Find(w, 100, 10), Find(w, 10), 10, v => v)));
        }
        return [new BatchOutput([10], [.. y])];
    }

    /// <summary>A shared Dense(3, relu) on each of two inputs, concatenated, then Dense(1, sigmoid).</summary>
    private static IReadOnlyList<BatchOutput> TwoInputReference(string folder, IReadOnlyList<string> names, IReadOnlyList<BatchInput> inputs, int samples)
    {
        var w = Weights(folder);
        Assert.Equal(2, inputs.Count);
        // Concatenate takes test_in1's branch first, whatever order our signature lists the inputs in.
        var first = inputs[names.ToList().FindIndex(n => n.Contains("test_in1", StringComparison.Ordinal))].Values;
        var second = inputs[names.ToList().FindIndex(n => n.Contains("test_in2", StringComparison.Ordinal))].Values;
        var y = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            double[] a = Dense(first.AsSpan(s * 5, 5), Find(w, 5, 3), Find(w, 3), 3, v => Math.Max(0, v));
            double[] b = Dense(second.AsSpan(s * 5, 5), Find(w, 5, 3), Find(w, 3), 3, v => Math.Max(0, v));
            y[s] = Dense([.. a, .. b], Find(w, 6, 1), Find(w, 1), 1, v => 1 / (1 + Math.Exp(-v)))[0];
        }
        return [new BatchOutput([1], y)];
    }

    /// <summary>y = f(x · kernel + bias) with a [in, units] kernel.</summary>
    private static double[] Dense(ReadOnlySpan<double> x, float[] kernel, float[] bias, int units, Func<double, double> f)
    {
        var y = new double[units];
        for (var u = 0; u < units; u++)
        {
            double sum = bias[u];
            for (var i = 0; i < x.Length; i++) sum += x[i] * kernel[i * units + u];
            y[u] = f(sum);
        }
        return y;
    }

    private static double[] Softmax(double[] z)
    {
        var max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    /// <summary>The model's variables in the SavedModel's checkpoint (optimizer slots and metrics left out), by shape:
    /// each model here has one variable of each shape.</summary>
    private static Dictionary<string, float[]> Weights(string folder)
    {
        var bundle = TensorBundle.Open(Path.Combine(folder, "variables", "variables"));
        var weights = new Dictionary<string, float[]>();
        foreach (var key in bundle.Keys.Where(IsModelVariable))
        {
            var tensor = bundle.Read(key)!;
            var shape = string.Join("x", TensorValues.ShapeOf(tensor, key));
            Assert.True(weights.TryAdd(shape, TensorValues.ToFloat(tensor, key)), $"Two variables of shape {shape} in {folder}.");
        }
        return weights;
    }

    /// <summary>A model weight's key: not an optimizer slot or state, a metric, or the save counter. (A nested
    /// model's weights sit under <c>trainable_variables/i</c> instead of <c>layer_with_weights-i</c>.)</summary>
    private static bool IsModelVariable(string key) =>
        key.EndsWith("/.ATTRIBUTES/VARIABLE_VALUE", StringComparison.Ordinal)
        && !key.Contains("OPTIMIZER_SLOT", StringComparison.Ordinal)
        && !key.StartsWith("optimizer/", StringComparison.Ordinal)
        && !key.StartsWith("keras_api/", StringComparison.Ordinal)
        && !key.StartsWith("save_counter/", StringComparison.Ordinal);

    private static float[] Find(Dictionary<string, float[]> weights, params int[] shape) => weights[string.Join("x", shape)];
}
