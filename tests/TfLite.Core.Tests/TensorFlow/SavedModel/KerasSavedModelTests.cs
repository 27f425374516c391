using TfLite.Core.Keras;
using TfLite.Core.TensorFlow;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.SavedModel;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.KerasReference;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.TensorFlow.SavedModel;

/// <summary>Keras SavedModels (<c>keras_metadata.pb</c> + variables) converted through the Keras converters and held
/// to the Keras reference evaluator fed with the same config and weights.</summary>
public class KerasSavedModelTests
{
    private static readonly double[] Image = TfGraphBuilder.Random(36, seed: 45).Select(v => (double)v).ToArray();

    private static double[] Reference()
    {
        var weights = SampleSavedModels.KerasSequentialWeights();
        var model = KerasReferenceModel.FromConfig(SampleSavedModels.KerasSequentialConfig(),
            path => weights.TryGetValue(string.Join("/", path), out var w) ? [.. w.Select(x => new KerasWeight(x.Name, x.Shape, x.Values))] : [], 2);
        return model.Predict(new RefTensor([1, 6, 6, 1], Image)).Single().Data;
    }

    private static float[] Run(Graph.TfLiteGraph graph)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph);
        interpreter.SetInput(0, Image.Select(v => (float)v).ToArray(), (int[])[1, 6, 6, 1]);
        interpreter.Invoke();
        return interpreter.GetOutputArray<float>(0);
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"[{i}] {actual[i]} vs reference {expected[i]}");
    }

    [Fact]
    public void SequentialConvDenseEqualsTheKerasReference()
    {
        using var dir = new TempDir();
        SampleSavedModels.KerasSequential().Write(dir.Path);

        var graph = KerasSavedModel.Import(dir.Path);

        AssertClose(Reference(), Run(graph));
    }

    [Fact]
    public void ImportTfModelTakesTheKerasRouteForAKerasFolder()
    {
        using var dir = new TempDir();
        SampleSavedModels.KerasSequential().Write(dir.Path);

        var graph = TfImporter.Import(dir.Path);

        AssertClose(Reference(), Run(graph));
    }

    [Fact]
    public void WeightsKeepTheKerasOrderWhateverOrderTheCheckpointListsThem()
    {
        using var dir = new TempDir();
        var model = SampleSavedModels.KerasSequential();
        foreach (var node in model.Checkpoint.Nodes.Where(n => n.Children.Any(c => c.LocalName == "kernel")))
        {
            var reversed = node.Children.Reverse().ToList();
            node.Children.Clear();
            node.Children.AddRange(reversed);
        }
        model.Write(dir.Path);

        AssertClose(Reference(), Run(KerasSavedModel.Import(dir.Path)));
    }

    [Fact]
    public void ImportTfModelConvertsTheGraphWhenALayerHasNoKerasConversion()
    {
        using var dir = new TempDir();
        var model = SampleSavedModels.Dense();
        var config = """{"class_name": "Sequential", "config": {"name": "model", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "name": "x"}}, {"class_name": "TFOpLambda", "config": {"name": "tf.identity", "function": "identity"}}]}}""";
        model.KerasMetadata.Nodes.Add(new TfLite.Core.TensorFlow.Protos.KerasSavedObject
        {
            NodePath = "root", Identifier = "_tf_keras_network", Metadata = $$"""{"name": "model", "class_name": "Functional", "keras_version": "2.13.1", "model_config": {{config}}}""",
        });
        model.Write(dir.Path);

        Assert.Throws<UnsupportedLayerException>(() => KerasSavedModel.Import(dir.Path));
        var graph = TfImporter.Import(dir.Path);

        var x = TfGraphBuilder.Random(SampleSavedModels.DenseFeatures, seed: 46);
        var expected = TfReference.Map(TfReference.AddChannels(TfReference.MatMul(x, SampleSavedModels.DenseKernel, 1, SampleSavedModels.DenseFeatures, SampleSavedModels.DenseUnits), SampleSavedModels.DenseBias), v => Math.Max(v, 0));
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph);
        interpreter.SetInput(0, x, (int[])[1, SampleSavedModels.DenseFeatures]);
        interpreter.Invoke();
        TfConversion.AssertClose(expected, interpreter.GetOutputArray<float>(0));
    }

    [Fact]
    public void DamagedMetadataIsMalformed()
    {
        using var dir = new TempDir();
        SampleSavedModels.KerasSequential().Write(dir.Path);
        var file = Path.Combine(dir.Path, KerasSavedModel.MetadataFile);
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);

        var e = Assert.Throws<ModelFormatException>(() => KerasSavedModel.Import(dir.Path));

        Assert.Equal(TfErrorIds.SavedModelMalformed, e.ErrorId);
    }

    [Fact]
    public void AMissingWeightValueIsNamed()
    {
        using var dir = new TempDir();
        var model = SampleSavedModels.KerasSequential();
        model.Bundle.Remove("layer_with_weights-1/bias/.ATTRIBUTES/VARIABLE_VALUE");
        model.Write(dir.Path);

        var e = Assert.Throws<ModelFormatException>(() => KerasSavedModel.Import(dir.Path));

        Assert.Equal(TfErrorIds.MissingVariable, e.ErrorId);
        Assert.Contains("dense", e.Message);
    }
}
