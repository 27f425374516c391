using TfLite.Core.Graph;
using TfLite.Core.Keras;
using Xunit;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras;

public class KerasImporterTests
{
    [Fact]
    public void GraphFollowsTensorFlowConventions()
    {
        var g = Sequential(4)
            .Add("Dense", new { name = "hidden", units = 3, activation = "relu" }, W("kernel", [4, 3], 1), W("bias", [3], 2))
            .Add("Dropout", new { name = "dropout", rate = 0.5 })
            .Add("Dense", new { name = "out", units = 2, activation = "softmax" }, W("kernel", [3, 2], 3), W("bias", [2], 4))
            .Convert();

        Assert.Equal("sequential", g.Name);
        var input = Assert.Single(g.Inputs);
        Assert.Equal("input_1", input.Name);
        Assert.Equal(TensorType.Float32, input.Type);
        Assert.Equal([1, 4], input.Shape);
        Assert.Equal([-1, 4], input.ShapeSignature!);
        Assert.Equal([BuiltinOperator.FullyConnected, BuiltinOperator.Relu, BuiltinOperator.FullyConnected, BuiltinOperator.Softmax], GraphAssert.Ops(g));
        // Dropout adds nothing: the second dense reads the first one's activation output.
        Assert.Same(g.Main.Operators[1].Outputs[0], g.Main.Operators[2].Inputs[0]);
        Assert.Equal(g.Main.Tensors.Count, g.Main.Tensors.Select(t => t.Name).Distinct().Count());
        Assert.All(g.Main.Tensors.Where(t => !t.IsConstant), t => Assert.Equal(-1, t.ShapeSignature![0]));
        Assert.All(g.Main.Tensors.Where(t => !t.IsConstant), t => Assert.Equal(1, t.Shape[0]));
        Assert.Equal("out", Assert.Single(g.Outputs).Name);
        var signature = Assert.Single(g.SignatureDefs);
        Assert.Equal("serving_default", signature.Key);
        Assert.Equal("input_1", signature.Inputs.Single().Key);
        Assert.Equal("out", signature.Outputs.Single().Key);
    }

    [Fact]
    public void SharedLayerCallsGetDistinctTensorNames()
    {
        var json = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Dense", "name": "shared", "config": {"name": "shared", "units": 3},
               "inbound_nodes": [[["in", 0, 0, {}]], [["shared", 0, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["shared", 1, 0], ["shared", 0, 0]]}}
            """;
        var g = Convert(json, new() { ["shared"] = [W("kernel", [3, 3], 1), W("bias", [3], 2)] });

        Assert.Equal(2, g.Main.Operators.Count);
        Assert.Equal(["shared#1", "shared"], g.Outputs.Select(t => t.Name));
        Assert.Equal(["shared", "shared_1"], g.SignatureDefs[0].Outputs.Select(o => o.Key));
    }

    [Fact]
    public void ProgressReportsEveryLayer()
    {
        var messages = new List<string>();
        var b = Sequential(2).Add("Dense", new { name = "a", units = 2 }, W("kernel", [2, 2], 1), W("bias", [2], 2))
            .Add("Dense", new { name = "b", units = 1 }, W("kernel", [2, 1], 1), W("bias", [1], 2));
        KerasImporter.Convert(b.Json, p => p[0] == "a" ? [W("kernel", [2, 2], 1), W("bias", [2], 2)] : [W("kernel", [2, 1], 1), W("bias", [1], 2)],
            new KerasImportOptions { Optimize = false, Progress = new SyncProgress(messages) });

        Assert.Equal(2, messages.Count);
        Assert.Contains("a (Dense)", messages[0]);
        Assert.Contains("b (Dense)", messages[1]);
    }

    [Fact]
    public void UnknownLayerClassIsUnsupportedLayer()
    {
        var e = Assert.Throws<UnsupportedLayerException>(() => Sequential(2).Add("Lambda", new { name = "my_lambda", function = "x" }).Convert());
        Assert.Equal("UnsupportedLayer", e.ErrorId);
        Assert.Equal("my_lambda", e.LayerName);
        Assert.Equal("Lambda", e.ClassName);
        Assert.Equal("my_lambda", e.Target);
        Assert.Contains("Lambda", e.Message);
    }

    [Fact]
    public void CustomKeras3LayerNamesItsRegisteredName()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 2], "name": "in"}},
              {"module": null, "class_name": "Scaler", "config": {"name": "scaler"}, "registered_name": "MyPackage>Scaler"}]}}
            """;
        var e = Assert.Throws<UnsupportedLayerException>(() => Convert(json, new()));
        Assert.Contains("MyPackage>Scaler", e.Message);
    }

    [Fact]
    public void MixedPrecisionLayersAreUnsupported()
    {
        var e = Assert.Throws<UnsupportedLayerException>(() => Sequential(2)
            .Add("Dense", new { name = "d", units = 1, dtype = new { class_name = "Policy", config = new { name = "mixed_float16" } } }, W("kernel", [2, 1], 1), W("bias", [1], 2))
            .Convert());
        Assert.Equal("UnsupportedLayerOption", e.ErrorId);
        Assert.Contains("dtype", e.Message);
    }

    [Fact]
    public void WrongTypedOptionIsAModelFormatErrorNamingTheOption()
    {
        var e = Assert.Throws<ModelFormatException>(() => Sequential(2).Add("Dense", new { name = "d", units = "many" }).Convert());
        Assert.Equal("InvalidLayerConfig", e.ErrorId);
        Assert.Contains("'units'", e.Message);
    }

    [Fact]
    public void EmbeddingCastsFloatIndicesAndGathers()
    {
        var table = W("embeddings", [10, 4], seed: 3);
        var g = Sequential(1).Add("Embedding", new { name = "emb", input_dim = 10, output_dim = 4 }, table).Convert();

        Assert.Equal([BuiltinOperator.Cast, BuiltinOperator.Gather], GraphAssert.Ops(g));
        var cast = g.Main.Operators[0].GetOptions<CastOptions>();
        Assert.Equal((TensorType.Float32, TensorType.Int32), (cast.InDataType, cast.OutDataType));
        var gather = g.Main.Operators[1];
        Assert.Equal(table.Values, GraphAssert.Floats(gather.Inputs[0]));
        Assert.Same(g.Main.Operators[0].Outputs[0], gather.Inputs[1]);
        Assert.Equal(0, gather.GetOptions<GatherOptions>().Axis);
        Assert.Equal([-1, 1, 4], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void EmbeddingOnIntegerInputGathersDirectly()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5], "dtype": "int32", "name": "tokens"}},
              {"class_name": "Embedding", "config": {"name": "emb", "input_dim": 7, "output_dim": 3}}]}}
            """;
        var g = Convert(json, new() { ["emb"] = [W("embeddings", [7, 3], 1)] });

        Assert.Equal(TensorType.Int32, g.Inputs[0].Type);
        Assert.Equal([BuiltinOperator.Gather], GraphAssert.Ops(g));
        Assert.Equal([-1, 5, 3], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void TimeDistributedDenseIsFullyConnectedKeepingNumDims()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6, 4], "name": "in"}},
              {"class_name": "TimeDistributed", "config": {"name": "td", "layer": {"class_name": "Dense", "config": {"name": "dense", "units": 2, "activation": "tanh"}}}}]}}
            """;
        var g = Convert(json, new() { ["td"] = [W("kernel", [4, 2], 1), W("bias", [2], 2)] });

        Assert.Equal([BuiltinOperator.FullyConnected, BuiltinOperator.Tanh], GraphAssert.Ops(g));
        Assert.True(g.Main.Operators[0].GetOptions<FullyConnectedOptions>().KeepNumDims);
        Assert.Equal([-1, 6, 2], GraphAssert.Dims(g.Outputs[0]));
        Assert.Equal("td", g.Outputs[0].Name);
    }

    [Fact]
    public void TimeDistributedOtherLayerRunsOnMergedBatchAndTime()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3, 8, 8, 1], "name": "frames"}},
              {"class_name": "TimeDistributed", "config": {"name": "td", "layer": {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2]}}}}]}}
            """;
        var g = Convert(json, new());

        Assert.Equal([BuiltinOperator.Reshape, BuiltinOperator.MaxPool2D, BuiltinOperator.Reshape], GraphAssert.Ops(g));
        Assert.Equal([-1, 8, 8, 1], GraphAssert.Ints(g.Main.Operators[0].Inputs[1]));
        Assert.Equal([-1, 3, 4, 4, 1], GraphAssert.Ints(g.Main.Operators[2].Inputs[1]));
        Assert.Equal([-1, 3, 4, 4, 1], GraphAssert.Dims(g.Outputs[0]));
    }

    [Fact]
    public void OptimizeRunsTheConverterPasses()
    {
        // Whatever the passes do, an optimized import must still be a complete graph with the same interface.
        var b = Sequential(2).Add("Dense", new { name = "d", units = 2, activation = "relu" }, W("kernel", [2, 2], 1), W("bias", [2], 2));
        var g = b.Convert(optimize: true);

        Assert.Equal("input_1", Assert.Single(g.Inputs).Name);
        Assert.Single(g.Outputs);
        Assert.Contains(g.Main.Operators, o => o.Code == BuiltinOperator.FullyConnected);
    }

    private sealed class SyncProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }
}
