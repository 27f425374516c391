using TfLite.Core.Graph;
using TfLite.Core.TensorFlow;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.SavedModel;

/// <summary>TF2 SavedModels (signatures calling functions that read captured variables) converted and held to the
/// plain math of their ops; the choice of MetaGraph and signature and their errors.</summary>
public class SavedModelImportTests
{
    private static readonly float[] Features = Random(2 * SampleSavedModels.DenseFeatures, seed: 35);

    private static float[] DenseExpected(bool relu)
    {
        var y = TfReference.AddChannels(TfReference.MatMul(Features, SampleSavedModels.DenseKernel, 2, SampleSavedModels.DenseFeatures, SampleSavedModels.DenseUnits), SampleSavedModels.DenseBias);
        return relu ? TfReference.Map(y, v => Math.Max(v, 0)) : y;
    }

    private static float[] Run(TfLiteGraph graph, float[] input, int[] shape)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph);
        interpreter.SetInput(0, input, shape);
        interpreter.Invoke();
        return interpreter.GetOutputArray<float>(0);
    }

    [Fact]
    public void ServingDefaultRunsTheCalledFunctionOnTheSavedVariables()
    {
        using var dir = new TempDir();
        SampleSavedModels.Dense().Write(dir.Path);

        var graph = TfImporter.Import(dir.Path);

        TfConversion.AssertClose(DenseExpected(relu: true), Run(graph, Features, [2, SampleSavedModels.DenseFeatures]));
        var signature = Assert.Single(graph.SignatureDefs);
        Assert.Equal("serving_default", signature.Key);
        Assert.Equal("x", Assert.Single(signature.Inputs).Key);
        Assert.Equal("output_0", Assert.Single(signature.Outputs).Key);
        Assert.DoesNotContain(graph.Main.Operators, op => op.Code == BuiltinOperator.Relu); // fused as TensorFlow does
    }

    [Fact]
    public void SignatureNameChoosesAnotherSignature()
    {
        using var dir = new TempDir();
        SampleSavedModels.Dense().Write(dir.Path);

        var graph = TfImporter.Import(Path.Combine(dir.Path, "saved_model.pb"), new TfImportOptions { SignatureName = "logits" });

        TfConversion.AssertClose(DenseExpected(relu: false), Run(graph, Features, [2, SampleSavedModels.DenseFeatures]));
        Assert.Equal("logits", Assert.Single(graph.SignatureDefs).Key);
        Assert.Equal("logits", Assert.Single(graph.SignatureDefs[0].Outputs).Key);
    }

    [Fact]
    public void InputShapeMayBeGivenBySignatureKey()
    {
        using var dir = new TempDir();
        SampleSavedModels.Dense().Write(dir.Path);

        var graph = TfImporter.Import(dir.Path, new TfImportOptions { InputShapes = new Dictionary<string, int[]> { ["x"] = [2, SampleSavedModels.DenseFeatures] } });

        Assert.Equal([2, SampleSavedModels.DenseFeatures], graph.Inputs[0].Shape.ToArray());
    }

    [Fact]
    public void NestedCallsIdentityNAndResourcePlaceholdersInlineToOneGraph()
    {
        using var dir = new TempDir();
        SampleSavedModels.Conv().Write(dir.Path);
        var image = Random(50, seed: 36);

        var graph = TfImporter.Import(dir.Path);

        var preActivation = TfReference.AddChannels(TfReference.Conv2D(image, SampleSavedModels.ConvImage, SampleSavedModels.ConvKernel, [3, 3, 2, 3], 1, same: true, out _), SampleSavedModels.ConvBias);
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph);
        interpreter.SetInput(0, image);
        interpreter.Invoke();
        Assert.Equal(["output_0", "output_1"], graph.SignatureDefs[0].Outputs.Select(o => o.Key));
        TfConversion.AssertClose(TfReference.Map(preActivation, v => Math.Max(v, 0)), interpreter.GetOutputArray<float>(0));
        TfConversion.AssertClose(preActivation, interpreter.GetOutputArray<float>(1));
    }

    [Fact]
    public void TagsChooseTheMetaGraphAndAMissingTagSetListsThosePresent()
    {
        using var dir = new TempDir();
        var model = SampleSavedModels.Dense();
        model.MetaGraph.MetaInfoDef.Tags.Add("gpu");
        model.Write(dir.Path);

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path));
        Assert.Equal(TfErrorIds.TagsNotFound, e.ErrorId);
        Assert.Contains("{serve, gpu}", e.Message);

        var graph = TfImporter.Import(dir.Path, new TfImportOptions { Tags = ["gpu", "serve"] });
        TfConversion.AssertClose(DenseExpected(relu: true), Run(graph, Features, [2, SampleSavedModels.DenseFeatures]));
    }

    [Fact]
    public void AMissingSignatureListsThosePresent()
    {
        using var dir = new TempDir();
        SampleSavedModels.Dense().Write(dir.Path);

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path, new TfImportOptions { SignatureName = "predict" }));

        Assert.Equal(TfErrorIds.SignatureNotFound, e.ErrorId);
        Assert.Contains("logits, serving_default", e.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    public void ATruncatedSavedModelFileIsMalformed(double kept)
    {
        using var dir = new TempDir();
        SampleSavedModels.Dense().Write(dir.Path);
        var file = Path.Combine(dir.Path, "saved_model.pb");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(int)(bytes.Length * kept)]);

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path));

        Assert.Equal(TfErrorIds.SavedModelMalformed, e.ErrorId);
    }

    [Fact]
    public void AVariableMissingFromTheBundleIsNamed()
    {
        using var dir = new TempDir();
        var model = SampleSavedModels.Dense();
        model.Bundle.Remove("dense/bias/.ATTRIBUTES/VARIABLE_VALUE");
        model.Write(dir.Path);

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path));

        Assert.Equal(TfErrorIds.MissingVariable, e.ErrorId);
        Assert.Contains("dense/bias", e.Message);
    }

    [Fact]
    public void AVariableWhoseShapeDoesNotFitItsOpIsANodeError()
    {
        using var dir = new TempDir();
        var model = SampleSavedModels.Dense();
        model.Bundle.Add("dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", Random(15, seed: 37), 5, 3);
        model.Write(dir.Path);

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path));

        Assert.Equal(TfErrorIds.InvalidNode, e.ErrorId);
        Assert.Contains("MatMul", e.Message);
    }

    [Fact]
    public void ADamagedVariableValueFailsItsChecksum()
    {
        using var dir = new TempDir();
        SampleSavedModels.Dense().Write(dir.Path, (key, entry) =>
        {
            if (key.StartsWith("dense/kernel", StringComparison.Ordinal)) entry.Crc32C ^= 1;
        });

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path));

        Assert.Equal(TfErrorIds.CheckpointMalformed, e.ErrorId);
    }

    [Fact]
    public void ADamagedObjectGraphIsACheckpointError()
    {
        using var dir = new TempDir();
        SampleSavedModels.Dense().Write(dir.Path, (key, entry) =>
        {
            if (key == "_CHECKPOINTABLE_OBJECT_GRAPH") entry.Size = long.MaxValue / 2;
        });

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path));

        Assert.Equal(TfErrorIds.CheckpointMalformed, e.ErrorId);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("recursive")]
    [InlineData("arity")]
    public void FunctionsThatDoNotFitTogetherAreMalformed(string fault)
    {
        using var dir = new TempDir();
        var model = SampleSavedModels.Dense();
        var wrapper = model.Graph.Library.Function.Single(f => f.Signature.Name == "__inference_signature_wrapper_93");
        var call = wrapper.NodeDef.Single(n => n.Op == "StatefulPartitionedCall");
        switch (fault)
        {
            case "missing": call.Attr["f"] = SavedModelWriter.Func("__inference_gone_1"); break;
            case "recursive": call.Attr["f"] = SavedModelWriter.Func("__inference_signature_wrapper_93"); break;
            case "arity": call.Input.RemoveAt(2); break;
        }
        model.Write(dir.Path);

        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(dir.Path));

        Assert.Equal(TfErrorIds.SavedModelMalformed, e.ErrorId);
    }
}
