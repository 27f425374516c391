using System.Text;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Serialization;

public sealed class TfLiteReaderTests
{
    [Theory]
    [MemberData(nameof(TfLiteCorpus.AllData), MemberType = typeof(TfLiteCorpus))]
    public void Reads_every_model_of_the_corpus(string model)
    {
        var path = TfLiteCorpus.PathOf(model);
        var graph = TfLiteReader.ReadFile(path);

        Assert.Equal(path, graph.SourcePath);
        Assert.Equal(Path.GetFileNameWithoutExtension(path), graph.Name);
        Assert.Equal(3u, graph.SchemaVersion);
        Assert.NotEmpty(graph.Subgraphs);
        Assert.NotEmpty(graph.Main.Operators);
        foreach (var subgraph in graph.Subgraphs)
        {
            var own = new HashSet<Tensor>(subgraph.Tensors, ReferenceEqualityComparer.Instance);
            Assert.All(subgraph.Operators.SelectMany(o => o.Inputs.OfType<Tensor>().Concat(o.Outputs).Concat(o.Intermediates)), t => Assert.Contains(t, own));
            Assert.All(subgraph.Inputs.Concat(subgraph.Outputs), t => Assert.Contains(t, own));
        }
        // The same bytes read from memory give the same graph.
        Assert.Empty(GraphComparer.Differences(graph, TfLiteReader.Read(File.ReadAllBytes(path))));
    }

    // The oracle reads the signature, inputs, outputs and operators with LiteRT and its own flatbuffer parser: an
    // independent reading of the same file.
    [Theory]
    [MemberData(nameof(TfLiteCorpus.Representative), MemberType = typeof(TfLiteCorpus))]
    public void Agrees_with_the_oracle_on_inputs_outputs_and_operators(string model)
    {
        if (TfLiteCorpus.OracleCannotLoad.Contains(model)) return;
        var path = TfLiteCorpus.PathOf(model);
        var expected = OracleRunner.Describe(path);
        var graph = TfLiteReader.ReadFile(path);

        var signature = graph.SignatureDefs.FirstOrDefault();
        var subgraph = graph.Subgraphs[signature?.SubgraphIndex ?? 0];
        Assert.Equal(expected.NumOperators, subgraph.Operators.Count);
        Assert.Equal(expected.Ops, subgraph.Operators.Select(o => OpName(o.Code)).Distinct());
        AssertTensors(expected.Inputs, subgraph, signature?.Inputs.Select(kv => kv.Value) ?? subgraph.Inputs);
        AssertTensors(expected.Outputs, subgraph, signature?.Outputs.Select(kv => kv.Value) ?? subgraph.Outputs);
        if (signature is not null)
        {
            Assert.Equal(expected.Signature, signature.Key);
            Assert.Equal(expected.Inputs.Select(i => i.Name), signature.Inputs.Select(kv => kv.Key));
            Assert.Equal(expected.Outputs.Select(i => i.Name), signature.Outputs.Select(kv => kv.Key));
        }
    }

    [Fact]
    public void Reads_the_sine_model_as_its_source_describes_it()
    {
        // Facts from models/assachan-sine-mlp-k3.13h5/SOURCE.md and the file itself.
        var graph = TfLiteReader.ReadFile(SharedData.Path("models", "assachan-sine-mlp-k3.13h5", "sine_model.tflite"));

        Assert.Equal("MLIR Converted.", graph.Description);
        var main = Assert.Single(graph.Subgraphs);
        Assert.Equal(10, main.Tensors.Count);
        Assert.All(main.Tensors, t => Assert.Equal(TensorType.Float32, t.Type));
        Assert.Equal(6, main.Tensors.Count(t => t.IsConstant));
        Assert.All(main.Tensors, t => Assert.Null(t.Quantization));
        Assert.Equal(3, main.Operators.Count);
        Assert.All(main.Operators, o => Assert.Equal((BuiltinOperator.FullyConnected, 1), (o.Code, o.Version)));
        Assert.Equal([ActivationFunction.Relu, ActivationFunction.Relu, ActivationFunction.None],
            main.Operators.Select(o => o.GetOptions<FullyConnectedOptions>().FusedActivation));

        var input = Assert.Single(main.Inputs);
        Assert.Equal("serving_default_keras_tensor:0", input.Name);
        Assert.Equal([1, 1], input.Shape);
        Assert.Equal([-1, 1], input.ShapeSignature!);
        Assert.Equal("StatefulPartitionedCall_1:0", Assert.Single(main.Outputs).Name);

        var signature = Assert.Single(graph.SignatureDefs);
        Assert.Equal("serving_default", signature.Key);
        Assert.Equal("keras_tensor", Assert.Single(signature.Inputs).Key);
        Assert.Same(input, signature.Inputs[0].Value);
        Assert.Equal("output_0", Assert.Single(signature.Outputs).Key);

        Assert.Equal(["min_runtime_version", "CONVERSION_METADATA"], graph.Metadata.Select(m => m.Key));
        var runtime = graph.Metadata[0].Value;
        Assert.Equal(16, runtime.Length);
        Assert.Equal("1.5.0", Encoding.ASCII.GetString(runtime).TrimEnd('\0'));

        // The first layer's bias: a [16] float constant, 64 bytes.
        var firstFc = main.Operators[0];
        Assert.Equal([16], firstFc.Inputs[2]!.Shape);
        Assert.Equal(64, firstFc.Inputs[2]!.Data!.Length);
    }

    [Fact]
    public void Reads_svdf_options_variable_tensors_and_old_style_operator_codes()
    {
        // keyword_scrambled predates builtin_code: only deprecated_builtin_code is set. Facts from the file (flatc JSON).
        var graph = TfLiteReader.ReadFile(SharedData.Path("conformance", "tflite-micro", "models", "keyword_scrambled.tflite"));
        var main = graph.Main;

        Assert.Equal(
            [BuiltinOperator.Quantize, BuiltinOperator.Svdf, BuiltinOperator.FullyConnected, BuiltinOperator.Svdf,
             BuiltinOperator.FullyConnected, BuiltinOperator.Svdf, BuiltinOperator.FullyConnected, BuiltinOperator.Svdf,
             BuiltinOperator.FullyConnected, BuiltinOperator.Svdf, BuiltinOperator.Svdf, BuiltinOperator.Svdf,
             BuiltinOperator.FullyConnected, BuiltinOperator.Softmax, BuiltinOperator.Quantize],
            main.Operators.Select(o => o.Code));
        Assert.Equal([3, 4, 2, 1], new[] { 1, 2, 13, 14 }.Select(i => main.Operators[i].Version));
        var svdf = main.Operators[1].GetOptions<SvdfOptions>();
        Assert.Equal(new SvdfOptions { Rank = 1, FusedActivation = ActivationFunction.Relu }, svdf);

        int[] variables = [4, 12, 20, 28, 36, 41, 46];
        Assert.Equal(variables, main.Tensors.Select((t, i) => (t, i)).Where(x => x.t.IsVariable).Select(x => x.i));
        Assert.All(variables.Select(i => main.Tensors[i]), t =>
        {
            Assert.Equal(TensorType.Int16, t.Type);
            Assert.Null(t.Data);
            Assert.Equal(0, Assert.Single(t.Quantization!.ZeroPoint));
        });
        Assert.Equal([1, 1024], main.Tensors[36].Shape);
        Assert.Equal(0.000503f, main.Tensors[36].Quantization!.Scale[0], 6);
        Assert.Empty(graph.SignatureDefs);
        Assert.Null(graph.Description);
    }

    [Fact]
    public void Reads_intermediates_and_omitted_inputs_of_the_int8_lstm()
    {
        var graph = TfLiteReader.ReadFile(SharedData.Path("conformance", "tflite-micro", "models", "trained_lstm_int8.tflite"));
        var main = graph.Main;
        var lstm = main.Operators[0];

        Assert.Equal(BuiltinOperator.UnidirectionalSequenceLstm, lstm.Code);
        int[] inputs = [0, 15, 14, 13, 12, 11, 10, 9, 8, -1, -1, -1, 7, 6, 5, 4, -1, -1, 16, 17, -1, -1, -1, -1];
        Assert.Equal(inputs, lstm.Inputs.Select(t => t is null ? -1 : main.Tensors.IndexOf(t)));
        Assert.Equal([18, 19, 20, 21, 22], lstm.Intermediates.Select(t => main.Tensors.IndexOf(t)));
        Assert.Equal("effective_hidden_scale_intermediate", lstm.Intermediates[4].Name);
        Assert.Equal(
            new UnidirectionalSequenceLstmOptions { FusedActivation = ActivationFunction.Tanh, CellClip = 10 },
            lstm.GetOptions<UnidirectionalSequenceLstmOptions>());
        Assert.True(main.Tensors[16].IsVariable);
        Assert.Equal(TensorType.Int16, main.Tensors[17].Type);
        Assert.Equal(-128, main.Tensors[26].Quantization!.ZeroPoint[0]);
        Assert.Null(main.Tensors[18].Quantization);
    }

    [Fact]
    public void A_missing_file_raises_a_model_format_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid() + ".tflite");
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.ReadFile(path));
        Assert.Equal(TfLiteErrorIds.FileNotReadable, e.ErrorId);
        Assert.Equal(path, e.Target);
        Assert.Contains(path, e.Message);
    }

    private static void AssertTensors(IReadOnlyList<OracleTensorInfo> expected, Subgraph subgraph, IEnumerable<Tensor> actual)
    {
        var tensors = actual.ToList();
        Assert.Equal(expected.Count, tensors.Count);
        foreach (var (e, a) in expected.Zip(tensors))
        {
            Assert.Equal(e.TensorIndex, subgraph.Tensors.IndexOf(a));
            Assert.Equal(e.TensorName, a.Name);
            Assert.Equal(e.DType, OracleDType(a.Type));
            Assert.Equal(e.Shape, a.Shape);
            Assert.Equal(e.ShapeSignature, a.ShapeSignature);
            if (e.Quantization is null || e.Quantization.Scale.Length == 0)
            {
                Assert.True(a.Quantization is null || !a.Quantization.IsQuantized);
                continue;
            }
            Assert.Equal(e.Quantization.Scale, a.Quantization!.Scale.Select(s => (double)s));
            Assert.Equal(e.Quantization.ZeroPoint, a.Quantization.ZeroPoint);
            Assert.Equal(e.Quantization.QuantizedDimension, a.Quantization.QuantizedDimension);
        }
    }

    private static string OracleDType(TensorType type) => type switch
    {
        TensorType.Float32 => "float32",
        TensorType.Float16 => "float16",
        TensorType.Int8 => "int8",
        TensorType.UInt8 => "uint8",
        TensorType.Int16 => "int16",
        TensorType.Int32 => "int32",
        TensorType.Int64 => "int64",
        TensorType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };

    // TFLite's operator names: the enum's wire name in upper snake case (CONV_2D, MAX_POOL_2D, ...).
    private static string OpName(BuiltinOperator code) =>
        OpNames.TryGetValue(code, out var name) ? name : SnakeCase(code.ToString());

    private static readonly Dictionary<BuiltinOperator, string> OpNames = new()
    {
        [BuiltinOperator.Conv2D] = "CONV_2D",
        [BuiltinOperator.DepthwiseConv2D] = "DEPTHWISE_CONV_2D",
        [BuiltinOperator.AveragePool2D] = "AVERAGE_POOL_2D",
        [BuiltinOperator.MaxPool2D] = "MAX_POOL_2D",
        [BuiltinOperator.L2Pool2D] = "L2_POOL_2D",
        [BuiltinOperator.Relu6] = "RELU6",
        [BuiltinOperator.ReluN1To1] = "RELU_N1_TO_1",
        [BuiltinOperator.Padv2] = "PADV2",
        [BuiltinOperator.TopkV2] = "TOPK_V2",
    };

    private static string SnakeCase(string pascal)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && !char.IsUpper(pascal[i - 1])) sb.Append('_');
            sb.Append(char.ToUpperInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}
