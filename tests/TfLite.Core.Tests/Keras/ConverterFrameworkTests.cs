using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Keras.Config;
using TfLite.Core.Keras.Conversion;
using TfLite.Core.Keras.Layers;
using Xunit;

namespace TfLite.Core.Tests.Keras;

/// <summary>The converter framework as a new layer family (e.g. recurrent layers) uses it: several outputs,
/// variable tensors, import options, and faults turned into model errors.</summary>
public class ConverterFrameworkTests
{
    private const string Json = """
        {"class_name": "Functional", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 5, 3], "name": "in"}, "inbound_nodes": []},
          {"class_name": "Stateful", "name": "cell", "config": {"name": "cell", "units": 4}, "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"class_name": "Dense", "name": "head", "config": {"name": "head", "units": 2}, "inbound_nodes": [[["cell", 0, 1, {}]]]}],
          "input_layers": [["in", 0, 0]], "output_layers": [["cell", 0, 0], ["head", 0, 0]]}}
        """;

    [Fact]
    public void ConverterCanAddVariablesAndSeveralOutputs()
    {
        var converter = new StatefulConverter();
        var registry = new LayerConverterRegistry([.. LayerConverters.All, converter]);
        var options = new KerasImportOptions { Optimize = false };
        var graph = KerasGraphConverter.Convert(ModelConfigParser.Parse(Json), Weights, new Version(2, 10), options: options, registry: registry);

        Assert.Same(options, converter.SeenOptions);
        var state = Assert.Single(graph.Main.Tensors, t => t.IsVariable);
        Assert.Equal("cell/state", state.Name);
        Assert.Null(state.Data);
        Assert.Equal([-1, 4], state.ShapeSignature!);
        // Output 0 keeps the layer's name, output 1 gets ":1"; the dense layer reads output 1.
        Assert.Equal(["cell", "head"], graph.Outputs.Select(t => t.Name));
        var dense = Assert.Single(graph.Main.Operators, o => o.Code == BuiltinOperator.FullyConnected);
        Assert.Equal("cell:1", dense.Inputs[0]!.Name);
        Assert.All(graph.Main.Operators.Where(o => o.Code != BuiltinOperator.FullyConnected), o => Assert.Equal("cell", o.SourceLayer));
    }

    [Fact]
    public void ConverterFaultBecomesAModelErrorNamingTheLayer()
    {
        var registry = new LayerConverterRegistry([.. LayerConverters.All, new FaultyConverter()]);
        var e = Assert.Throws<ModelFormatException>(() =>
            KerasGraphConverter.Convert(ModelConfigParser.Parse(Json), Weights, new Version(2, 10), "model.h5", registry: registry));

        Assert.Equal("LayerConversionFailed", e.ErrorId);
        Assert.Contains("'cell' (Stateful)", e.Message);
        Assert.IsType<IndexOutOfRangeException>(e.InnerException);
    }

    [Fact]
    public void TwoConvertersClaimingOneClassAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new LayerConverterRegistry([new DenseConverter(), new DenseConverter()]));
    }

    [Fact]
    public void EveryRegisteredConverterIsFoundByEachOfItsClassNames()
    {
        foreach (var converter in LayerConverters.All)
            foreach (var className in converter.ClassNames)
                Assert.Same(converter, LayerConverterRegistry.Default.Find(className));
    }

    private static IReadOnlyList<KerasWeight> Weights(IReadOnlyList<string> path) =>
        path[^1] == "head" ? [KerasModelBuilder.W("kernel", [4, 2], 1), KerasModelBuilder.W("bias", [2], 2)] : [];

    /// <summary>Returns a per-step sequence and a final state kept in a variable, like a recurrent layer.</summary>
    private sealed class StatefulConverter : ILayerConverter
    {
        public KerasImportOptions? SeenOptions { get; private set; }

        public IReadOnlyList<string> ClassNames { get; } = ["Stateful"];

        public IReadOnlyList<Tensor> Convert(LayerContext c)
        {
            SeenOptions = c.Options;
            var units = c.Config.GetInt("units");
            var dims = c.InputDims;
            var state = c.NewVariable([dims[0], units], "state");
            var sequence = c.NewTensor([dims[0], dims[1], units], "sequence");
            var last = c.NewTensor([dims[0], units], "last");
            c.AddOperator(BuiltinOperator.UnidirectionalSequenceRnn, [c.Input, state], [sequence]);
            c.AddOperator(BuiltinOperator.Add, [state, state], [last], new AddOptions());
            return [sequence, last];
        }
    }

    private sealed class FaultyConverter : ILayerConverter
    {
        public IReadOnlyList<string> ClassNames { get; } = ["Stateful"];

        public IReadOnlyList<Tensor> Convert(LayerContext c) => [c.Inputs.ToArray()[3]];
    }
}
