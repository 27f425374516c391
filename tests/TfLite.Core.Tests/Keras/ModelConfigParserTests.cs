using Xunit;
using TfLite.Core.Graph;
using TfLite.Core.Keras.Config;

namespace TfLite.Core.Tests.Keras;

public class ModelConfigParserTests
{
    [Fact]
    public void SequentialWithInputLayerChainsLayers()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "seq", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28], "dtype": "float32", "name": "flatten_input"}},
              {"class_name": "Flatten", "config": {"name": "flatten"}},
              {"class_name": "Dense", "config": {"name": "dense", "units": 10}}]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal("seq", m.Name);
        var input = Assert.Single(m.Inputs);
        Assert.Equal("flatten_input", input.Name);
        Assert.Equal([-1, 28, 28], input.Shape);
        Assert.Equal(TensorType.Float32, input.Type);
        Assert.Equal(["flatten", "dense"], m.Nodes.Select(n => n.Layer.Name));
        Assert.Same(input.Tensor, Assert.Single(m.Nodes[0].Inputs));
        Assert.Same(m.Nodes[0].Output(0), Assert.Single(m.Nodes[1].Inputs));
        var output = Assert.Single(m.Outputs);
        Assert.Equal("dense", output.Name);
        Assert.Same(m.Nodes[1].Output(0), output.Tensor);
        Assert.Equal(["dense"], m.Nodes[1].Layer.WeightPath);
    }

    [Fact]
    public void OldKerasSequentialAsBareListTakesInputFromFirstLayer()
    {
        // Keras up to 2.2 writes the Sequential config as a list and has no InputLayer entry.
        var json = """
            {"class_name": "Sequential", "config": [
              {"class_name": "Dense", "config": {"name": "dense_1", "batch_input_shape": [null, 4], "dtype": "float32", "units": 2}},
              {"class_name": "Dense", "config": {"name": "dense_2", "units": 1}}]}
            """;
        var m = ModelConfigParser.Parse(json);

        var input = Assert.Single(m.Inputs);
        Assert.Equal("dense_1_input", input.Name);
        Assert.Equal([-1, 4], input.Shape);
        Assert.Equal(2, m.Nodes.Count);
    }

    [Fact]
    public void Keras3SequentialReadsBatchShapeAndDTypePolicy()
    {
        var json = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "layers": [
                {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 1], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
                {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 16,
                  "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}},
                  "registered_name": null, "build_config": {"input_shape": [null, 1]}}]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal([-1, 1], Assert.Single(m.Inputs).Shape);
        var layer = Assert.Single(m.Nodes).Layer;
        Assert.Equal("keras.layers", layer.Module);
        Assert.Equal("float32", ModelConfigParser.DTypeName(layer.Config["dtype"]));
    }

    [Fact]
    public void Keras2FunctionalKeepsInputAndOutputOrder()
    {
        var json = """
            {"class_name": "Functional", "config": {"name": "model", "layers": [
              {"class_name": "InputLayer", "name": "b", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "name": "b"}, "inbound_nodes": []},
              {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 2], "dtype": "int32", "name": "a"}, "inbound_nodes": []},
              {"class_name": "Concatenate", "name": "cat", "config": {"name": "cat", "axis": -1}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 1}, "inbound_nodes": [[["cat", 0, 0, {}]]]}],
              "input_layers": [["a", 0, 0], ["b", 0, 0]],
              "output_layers": [["d", 0, 0], ["cat", 0, 0]]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal(["a", "b"], m.Inputs.Select(i => i.Name));
        Assert.Equal(TensorType.Int32, m.Inputs[0].Type);
        var cat = m.Nodes.Single(n => n.Layer.Name == "cat");
        Assert.Equal([m.Inputs[0].Tensor, m.Inputs[1].Tensor], cat.Inputs);
        Assert.Equal(["d", "cat"], m.Outputs.Select(o => o.Name));
        Assert.Same(cat.Output(0), m.Outputs[1].Tensor);
    }

    [Fact]
    public void Keras3InboundNodesReadArgsListsAndKwargTensors()
    {
        var json = """
            {"class_name": "Functional", "config": {"name": "f", "layers": [
              {"class_name": "InputLayer", "name": "x", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "x"}, "inbound_nodes": []},
              {"class_name": "InputLayer", "name": "s", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "s"}, "inbound_nodes": []},
              {"class_name": "Add", "name": "add", "config": {"name": "add"}, "inbound_nodes": [{"args": [[
                {"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["x", 0, 0]}},
                {"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["s", 0, 0]}}]],
                "kwargs": {"mask": {"class_name": "__keras_tensor__", "config": {"keras_history": ["s", 0, 0]}}, "training": false}}]}],
              "input_layers": [["x", 0, 0], ["s", 0, 0]],
              "output_layers": ["add", 0, 0]}}
            """;
        var m = ModelConfigParser.Parse(json);

        var add = Assert.Single(m.Nodes);
        Assert.Equal([m.Inputs[0].Tensor, m.Inputs[1].Tensor], add.Inputs);
        Assert.Same(m.Inputs[1].Tensor, Assert.Single(add.KwargTensors["mask"]));
        Assert.False(add.Kwargs["training"]!.GetValue<bool>());
        Assert.Same(add.Output(0), Assert.Single(m.Outputs).Tensor);
    }

    [Fact]
    public void FunctionalLayersListedOutOfOrderAreOrderedByDependencies()
    {
        var json = """
            {"class_name": "Model", "config": {"name": "m", "layers": [
              {"class_name": "Dense", "name": "second", "config": {"name": "second", "units": 1}, "inbound_nodes": [[["first", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "first", "config": {"name": "first", "units": 2}, "inbound_nodes": [[["in", 0, 0, {}]]]},
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []}],
              "input_layers": [["in", 0, 0]], "output_layers": [["second", 0, 0]]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal(["first", "second"], m.Nodes.Select(n => n.Layer.Name));
    }

    [Fact]
    public void SharedLayerCalledTwiceBecomesTwoCalls()
    {
        var json = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Dense", "name": "shared", "config": {"name": "shared", "units": 3},
               "inbound_nodes": [[["in", 0, 0, {}]], [["shared", 0, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["shared", 1, 0]]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal([0, 1], m.Nodes.Select(n => n.CallIndex));
        Assert.Same(m.Nodes[0].Output(0), Assert.Single(m.Nodes[1].Inputs));
        Assert.Same(m.Nodes[1].Output(0), Assert.Single(m.Outputs).Tensor);
        Assert.Equal(m.Nodes[0].Layer.WeightPath, m.Nodes[1].Layer.WeightPath);
    }

    [Fact]
    public void NestedModelsAreExpandedWithNestedWeightPaths()
    {
        // The Teachable Machine shape: Sequential(Sequential(InputLayer, Functional(...)), Sequential(Dense)).
        var json = """
            {"class_name": "Sequential", "config": {"name": "outer", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8], "name": "outer_input"}},
              {"class_name": "Sequential", "config": {"name": "body", "layers": [
                {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8], "name": "body_input"}},
                {"class_name": "Functional", "config": {"name": "core", "layers": [
                  {"class_name": "InputLayer", "name": "core_in", "config": {"batch_input_shape": [null, 8], "name": "core_in"}, "inbound_nodes": []},
                  {"class_name": "Dense", "name": "d1", "config": {"name": "d1", "units": 4}, "inbound_nodes": [[["core_in", 0, 0, {}]]]}],
                  "input_layers": [["core_in", 0, 0]], "output_layers": [["d1", 0, 0]]}}]}},
              {"class_name": "Sequential", "config": {"name": "head", "layers": [
                {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "head_input"}},
                {"class_name": "Dense", "config": {"name": "d2", "units": 2}}]}}]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal("outer_input", Assert.Single(m.Inputs).Name);
        Assert.Equal(["d1", "d2"], m.Nodes.Select(n => n.Layer.Name));
        Assert.Equal(["body", "core", "d1"], m.Nodes[0].Layer.WeightPath);
        Assert.Equal(["head", "d2"], m.Nodes[1].Layer.WeightPath);
        Assert.Same(m.Inputs[0].Tensor, Assert.Single(m.Nodes[0].Inputs));
        Assert.Same(m.Nodes[0].Output(0), Assert.Single(m.Nodes[1].Inputs));
        Assert.Equal("head", Assert.Single(m.Outputs).Name);
    }

    [Fact]
    public void Keras2NumbersNestedModelCallsAfterTheirConstructionNode()
    {
        // tf.keras: a nested model built with an input shape has node 0 linking its own input to its output, so its
        // first call in the outer model is node 1.
        var json = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Sequential", "name": "block", "config": {"name": "block", "layers": [
                {"class_name": "Dense", "config": {"name": "inner", "units": 5, "batch_input_shape": [null, 3]}}]},
               "inbound_nodes": [[["in", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "after", "config": {"name": "after", "units": 1}, "inbound_nodes": [[["block", 1, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["after", 0, 0], ["block", 1, 0]]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal(["inner", "after"], m.Nodes.Select(n => n.Layer.Name));
        Assert.Equal(["block", "inner"], m.Nodes[0].Layer.WeightPath);
        Assert.Same(m.Nodes[0].Output(0), Assert.Single(m.Nodes[1].Inputs));
        Assert.Same(m.Nodes[0].Output(0), m.Outputs[1].Tensor);
    }

    [Fact]
    public void Keras3NumbersNestedFunctionalCallsFromZeroExceptInOutputLayers()
    {
        var json = """
            {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "name": "in", "config": {"batch_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
              {"module": "keras.src.models.functional", "class_name": "Functional", "name": "core", "config": {"name": "core", "layers": [
                 {"module": "keras.layers", "class_name": "InputLayer", "name": "core_in", "config": {"batch_shape": [null, 3], "name": "core_in"}, "inbound_nodes": []},
                 {"module": "keras.layers", "class_name": "Dense", "name": "inner", "config": {"name": "inner", "units": 2},
                  "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["core_in", 0, 0]}}], "kwargs": {}}]}],
                 "input_layers": ["core_in", 0, 0], "output_layers": ["inner", 0, 0]},
               "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["in", 0, 0]}}], "kwargs": {}}]},
              {"module": "keras", "class_name": "Sequential", "name": "head", "config": {"name": "head", "layers": [
                 {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2], "name": "head_in"}},
                 {"module": "keras.layers", "class_name": "Dense", "config": {"name": "last", "units": 1}}]},
               "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["core", 0, 0]}}], "kwargs": {}}]}],
              "input_layers": ["in", 0, 0], "output_layers": [["head", 0, 0], ["core", 1, 0]]}}
            """;
        var m = ModelConfigParser.Parse(json);

        Assert.Equal(["inner", "last"], m.Nodes.Select(n => n.Layer.Name));
        Assert.Same(m.Nodes[0].Output(0), Assert.Single(m.Nodes[1].Inputs));
        Assert.Equal([m.Nodes[1].Output(0), m.Nodes[0].Output(0)], m.Outputs.Select(o => o.Tensor));
    }

    [Fact]
    public void QuantizeAnnotateImportsAsTheWrappedLayer()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}},
              {"class_name": "QuantizeAnnotate", "config": {"name": "quantize_annotate", "quantize_config": null,
                "layer": {"class_name": "Dense", "config": {"name": "dense", "units": 2, "activation": "relu"}}}}]}}
            """;
        var layer = Assert.Single(ModelConfigParser.Parse(json).Nodes).Layer;

        Assert.Equal("Dense", layer.ClassName);
        Assert.Equal("quantize_annotate", layer.Name);
        Assert.Equal("QuantizeAnnotate", layer.WrapperClass);
        Assert.Equal(2, layer.Config.GetInt("units"));
        Assert.Equal(["quantize_annotate"], layer.WeightPath);
    }

    [Fact]
    public void DeeplyNestedModelsParse()
    {
        // 30 Sequential models inside each other, deeper than System.Text.Json's default depth of 64.
        var inner = """{"class_name": "Dense", "config": {"name": "d", "units": 1}}""";
        for (var i = 0; i < 30; i++)
            inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s" + i + "\", \"layers\": [" + inner + "]}}";
        var json = """{"class_name": "Sequential", "config": {"name": "top", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 2], "name": "in"}}, """
                   + inner + "]}}";
        var layer = Assert.Single(ModelConfigParser.Parse(json).Nodes).Layer;

        Assert.Equal(31, layer.WeightPath.Count);
        Assert.Equal("s29", layer.WeightPath[0]);
        Assert.Equal("d", layer.WeightPath[^1]);
    }

    [Theory]
    [InlineData("{not json", "InvalidModelConfig")]
    [InlineData("""{"class_name": "Dense", "config": {"name": "d"}}""", "InvalidModelConfig")]
    [InlineData("""{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1}}]}}""", "NoInputShape")]
    [InlineData("""
        {"class_name": "Functional", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
          {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 1}, "inbound_nodes": [[["ghost", 0, 0, {}]]]}],
          "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}}
        """, "InvalidModelConfig")]
    public void MalformedConfigsRaiseModelFormatException(string json, string errorId)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelConfigParser.Parse(json, "model.h5"));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal("model.h5", e.Target);
    }

    [Fact]
    public void UnresolvedInboundNamesTheLayerAndTheMissingTensor()
    {
        var json = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 1}, "inbound_nodes": [[["ghost", 0, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}}
            """;
        var e = Assert.Throws<ModelFormatException>(() => ModelConfigParser.Parse(json));
        Assert.Contains("'d'", e.Message);
        Assert.Contains("ghost[0][0]", e.Message);
    }

    [Fact]
    public void UnsupportedInputDtypeNamesTheOption()
    {
        var json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "dtype": "float16", "name": "half_input"}},
              {"class_name": "Dense", "config": {"name": "d", "units": 1}}]}}
            """;
        var e = Assert.Throws<UnsupportedLayerException>(() => ModelConfigParser.Parse(json));
        Assert.Equal("UnsupportedLayerOption", e.ErrorId);
        Assert.Equal("half_input", e.LayerName);
        Assert.Contains("dtype=float16", e.Message);
    }
}
