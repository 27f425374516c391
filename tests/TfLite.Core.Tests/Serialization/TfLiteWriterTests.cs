using System.Text;
using Google.FlatBuffers;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Tests.Serialization;

public sealed class TfLiteWriterTests
{
    [Fact]
    public void Tensors_sharing_an_array_share_one_aligned_buffer_and_buffer_0_stays_empty()
    {
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out var a, out var b, out _);
        var shared = new byte[12];
        BitConverter.TryWriteBytes(shared.AsSpan(4), 1.5f);
        a.Data = shared;
        b.Data = shared;
        graph.Main.Inputs.RemoveAll(t => t.IsConstant);

        var bytes = TfLiteWriter.Write(graph);
        var model = Fb.Model.GetRootAsModel(new ByteBuffer(bytes));
        var tensors = model.Subgraphs(0)!.Value;

        Assert.Equal(0, model.Buffers(0)!.Value.DataLength);
        Assert.Equal(tensors.Tensors(0)!.Value.Buffer, tensors.Tensors(1)!.Value.Buffer);
        Assert.Equal(0u, tensors.Tensors(2)!.Value.Buffer);
        var data = model.Buffers((int)tensors.Tensors(0)!.Value.Buffer)!.Value.GetDataBytes()!.Value;
        Assert.Equal(0, data.Offset % 16);
        Assert.Equal(shared, data.ToArray());
        // min_runtime_version is the only other buffer.
        Assert.Equal(3, model.BuffersLength);

        var reread = TfLiteReader.Read(bytes);
        Assert.Same(reread.Main.Tensors[0].Data, reread.Main.Tensors[1].Data);
    }

    [Fact]
    public void Equal_constants_in_different_arrays_share_one_buffer_but_a_variable_keeps_its_own()
    {
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out var a, out var b, out _);
        var state = graph.Main.AddTensor(new Tensor("state", TensorType.Float32, [3]) { IsVariable = true, Data = new byte[12] });
        a.Data = new byte[12];
        b.Data = new byte[12];
        graph.Main.Inputs.RemoveAll(t => t.IsConstant);

        var tensors = Fb.Model.GetRootAsModel(new ByteBuffer(TfLiteWriter.Write(graph))).Subgraphs(0)!.Value;

        Assert.Equal(tensors.Tensors(0)!.Value.Buffer, tensors.Tensors(1)!.Value.Buffer);
        Assert.NotEqual(tensors.Tensors(0)!.Value.Buffer, tensors.Tensors(graph.Main.Tensors.IndexOf(state))!.Value.Buffer);
    }

    [Fact]
    public void Equal_shapes_zero_points_scales_and_names_are_stored_once_and_float_tensors_have_no_quantization_table()
    {
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out var a, out var b, out var y);
        foreach (var t in new[] { a, b })
        {
            t.Type = TensorType.Int8;
            t.Quantization = new QuantizationParameters { Scale = [0.5f, 0.25f, 2f], ZeroPoint = [0, 0, 0] };
        }
        var bytes = TfLiteWriter.Write(graph);
        var model = Fb.Model.GetRootAsModel(new ByteBuffer(bytes));
        var tensors = model.Subgraphs(0)!.Value;
        var (qa, qb) = (tensors.Tensors(0)!.Value.Quantization!.Value, tensors.Tensors(1)!.Value.Quantization!.Value);

        Assert.Equal(qa.GetZeroPointBytes()!.Value.Offset, qb.GetZeroPointBytes()!.Value.Offset);
        Assert.Equal(qa.GetScaleBytes()!.Value.Offset, qb.GetScaleBytes()!.Value.Offset);
        Assert.Equal(tensors.Tensors(0)!.Value.GetShapeBytes()!.Value.Offset, tensors.Tensors(2)!.Value.GetShapeBytes()!.Value.Offset);
        Assert.False(tensors.Tensors(2)!.Value.Quantization.HasValue);
        // Each name is written once: "y" names both the output tensor and its signature entry.
        Assert.Equal(1, CountOf(bytes, "\u0001\0\0\0y\0"));

        var reread = TfLiteReader.Read(bytes);
        Assert.Equal([0.5f, 0.25f, 2f], reread.Main.Tensors[1].Quantization!.Scale);
        Assert.Equal([0L, 0L, 0L], reread.Main.Tensors[1].Quantization!.ZeroPoint);
        Assert.Null(reread.Main.Tensors[2].Quantization);
        Assert.Equal("y", reread.SignatureDefs[0].Outputs[0].Key);
    }

    private static int CountOf(byte[] bytes, string text)
    {
        var pattern = Encoding.ASCII.GetBytes(text);
        var count = 0;
        for (var i = bytes.AsSpan().IndexOf(pattern); i >= 0; i = bytes.AsSpan(i + 1).IndexOf(pattern) is var next and >= 0 ? i + 1 + next : -1)
            count++;
        return count;
    }

    [Theory]
    [InlineData(BuiltinOperator.Add, 0)]
    [InlineData(BuiltinOperator.Quantize, 114)]
    [InlineData(BuiltinOperator.BatchMatmul, 126)]
    [InlineData(BuiltinOperator.Cumsum, 127)]
    [InlineData(BuiltinOperator.Gelu, 127)]
    public void Operator_codes_set_builtin_code_and_the_deprecated_code_capped_at_127(BuiltinOperator code, int deprecated)
    {
        var graph = SingleOp(code, null, out _, out _, out _);
        var model = Fb.Model.GetRootAsModel(new ByteBuffer(TfLiteWriter.Write(graph)));
        var opcode = Assert.Single(Enumerable.Range(0, model.OperatorCodesLength).Select(i => model.OperatorCodes(i)!.Value));
        Assert.Equal((int)code, (int)opcode.BuiltinCode);
        Assert.Equal(deprecated, opcode.DeprecatedBuiltinCode);
    }

    [Theory]
    [InlineData(BuiltinOperator.Pad, "PadOptions")]
    [InlineData(BuiltinOperator.ExpandDims, "ExpandDimsOptions")]
    [InlineData(BuiltinOperator.Logistic, "NONE")]
    [InlineData(BuiltinOperator.Quantize, "NONE")]
    [InlineData(BuiltinOperator.Transpose, "NONE")]
    public void Field_less_options_tables_are_written_where_TensorFlow_writes_them(BuiltinOperator code, string expected)
    {
        // As in TensorFlow's own files (../shared/models: PAD with PadOptions, LOGISTIC and QUANTIZE with none).
        var model = Fb.Model.GetRootAsModel(new ByteBuffer(TfLiteWriter.Write(SingleOp(code, null, out _, out _, out _))));
        var op = model.Subgraphs(0)!.Value.Operators(0)!.Value;
        Assert.Equal(expected, op.BuiltinOptionsType.ToString());
        Assert.Equal(expected != "NONE", op.BuiltinOptions<Fb.PadOptions>().HasValue);
    }

    public static TheoryData<string, int> Versions => new()
    {
        // Hand-applied rules of TFLite's op_version.cc.
        { "float FULLY_CONNECTED", 1 },
        { "FULLY_CONNECTED keep_num_dims", 5 },
        { "FULLY_CONNECTED without bias input", 6 },
        { "FULLY_CONNECTED with omitted bias", 1 },
        { "int8 FULLY_CONNECTED", 4 },
        { "hybrid per-channel FULLY_CONNECTED", 12 },
        { "int8 CONV_2D", 3 },
        { "hybrid per-channel CONV_2D", 5 },
        { "hybrid per-tensor CONV_2D", 2 },
        { "dilated DEPTHWISE_CONV_2D", 2 },
        { "int16 ADD without power-of-two scales", 3 },
        { "int8 SOFTMAX", 2 },
        { "int16 SOFTMAX", 3 },
        { "explicit version", 7 },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public void Chooses_the_lowest_operator_version_the_types_and_options_need(string situation, int expected)
    {
        var graph = VersionCase(situation);
        var op = TfLiteReader.Read(TfLiteWriter.Write(graph)).Main.Operators[0];
        Assert.Equal(expected, op.Version);
    }

    [Fact]
    public void Min_runtime_version_is_the_newest_the_operators_need_compared_as_numbers()
    {
        // FULLY_CONNECTED v1 needs 1.5.0, UNIDIRECTIONAL_SEQUENCE_LSTM v1 1.13.1, SOFTMAX v2 1.14.0 (runtime_version.cc);
        // "1.5.0" sorts after "1.14.0" as text.
        var graph = SingleOp(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), out _, out _, out var y);
        graph.Main.Operators[0].Version = 1;
        var lstm = graph.Main.AddTensor(new Tensor("lstm", TensorType.Float32, [1, 2]));
        graph.Main.AddOperator(new Operator(BuiltinOperator.UnidirectionalSequenceLstm, [y], [lstm], new UnidirectionalSequenceLstmOptions()) { Version = 1 });
        var probabilities = graph.Main.AddTensor(new Tensor("p", TensorType.Float32, [1, 2]));
        graph.Main.AddOperator(new Operator(BuiltinOperator.Softmax, [lstm], [probabilities], new SoftmaxOptions()) { Version = 2 });

        var metadata = TfLiteReader.Read(TfLiteWriter.Write(graph)).Metadata;

        var runtime = Assert.Single(metadata).Value;
        Assert.Equal("1.14.0"u8.ToArray().Concat(new byte[10]), runtime);
    }

    [Fact]
    public void A_graph_without_signature_or_description_gets_serving_default_and_the_library_description()
    {
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out var a, out var b, out var y);
        var reread = TfLiteReader.Read(TfLiteWriter.Write(graph));

        Assert.StartsWith("TfLite.PowerShell ", reread.Description);
        Assert.Equal(TfLiteWriter.DefaultDescription, reread.Description);
        var signature = Assert.Single(reread.SignatureDefs);
        Assert.Equal("serving_default", signature.Key);
        Assert.Equal(0, signature.SubgraphIndex);
        Assert.Equal([a.Name, b.Name], signature.Inputs.Select(kv => kv.Key));
        Assert.Equal([y.Name], signature.Outputs.Select(kv => kv.Key));
        Assert.Same(reread.Main.Outputs[0], signature.Outputs[0].Value);
    }

    [Fact]
    public void Metadata_entries_are_kept_after_a_recomputed_min_runtime_version()
    {
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out _, out _, out _);
        graph.Description = "mine";
        graph.Metadata.Add(KeyValuePair.Create("min_runtime_version", Encoding.ASCII.GetBytes("9.9.9")));
        graph.Metadata.Add(KeyValuePair.Create("notes", new byte[] { 1, 2, 3 }));

        var reread = TfLiteReader.Read(TfLiteWriter.Write(graph));

        Assert.Equal("mine", reread.Description);
        Assert.Equal(["min_runtime_version", "notes"], reread.Metadata.Select(m => m.Key));
        Assert.Equal("1.5.0", Encoding.ASCII.GetString(reread.Metadata[0].Value).TrimEnd('\0'));
        Assert.Equal([1, 2, 3], reread.Metadata[1].Value);
    }

    [Fact]
    public void Custom_operators_keep_their_name_and_options()
    {
        var graph = SingleOp(BuiltinOperator.Custom, null, out _, out _, out _);
        graph.Main.Operators[0].CustomCode = "MyOp";
        graph.Main.Operators[0].CustomOptions = [9, 8, 7];

        var op = TfLiteReader.Read(TfLiteWriter.Write(graph)).Main.Operators[0];

        Assert.Equal((BuiltinOperator.Custom, "MyOp", 1), (op.Code, op.CustomCode, op.Version));
        Assert.Equal([9, 8, 7], op.CustomOptions);
    }

    [Fact]
    public void An_operator_using_a_tensor_of_no_subgraph_is_an_invalid_graph()
    {
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out _, out _, out _);
        graph.Main.Operators[0].Inputs[1] = new Tensor("stray", TensorType.Float32, [2]);
        var e = Assert.Throws<ModelFormatException>(() => TfLiteWriter.Write(graph));
        Assert.Equal(TfLiteErrorIds.InvalidGraph, e.ErrorId);
        Assert.Equal("stray", e.Target);
        Assert.Contains("not among that subgraph's tensors", e.Message);
    }

    [Fact]
    public void Constant_data_of_the_wrong_size_is_an_invalid_graph()
    {
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out var a, out _, out _);
        a.Data = new byte[7];
        var e = Assert.Throws<ModelFormatException>(() => TfLiteWriter.Write(graph));
        Assert.Equal(TfLiteErrorIds.InvalidGraph, e.ErrorId);
        Assert.Contains("holds 7 bytes, but Float32 of shape [3] takes 12", e.Message);
    }

    [Fact]
    public void Options_of_another_operator_are_an_invalid_graph()
    {
        var graph = SingleOp(BuiltinOperator.Add, new Conv2DOptions(), out _, out _, out _);
        var e = Assert.Throws<ModelFormatException>(() => TfLiteWriter.Write(graph));
        Assert.Equal(TfLiteErrorIds.InvalidGraph, e.ErrorId);
        Assert.Contains("a Add operator takes AddOptions", e.Message);
    }

    [Fact]
    public void WriteFile_writes_the_bytes_of_Write_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out _, out _, out _);
        var path = Path.Combine(dir.Path, "model.tflite");

        TfLiteWriter.WriteFile(graph, path, overwrite: false);

        Assert.Equal(TfLiteWriter.Write(graph), File.ReadAllBytes(path));
        Assert.Equal(["model.tflite"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteFile_refuses_an_existing_file_unless_told_to_overwrite()
    {
        using var dir = new TempDir();
        var path = dir.Write("model.tflite", "keep me"u8);
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out _, out _, out _);

        Assert.Throws<IOException>(() => TfLiteWriter.WriteFile(graph, path, overwrite: false));
        Assert.Equal("keep me"u8.ToArray(), File.ReadAllBytes(path));

        TfLiteWriter.WriteFile(graph, path, overwrite: true);
        Assert.Equal(TfLiteWriter.Write(graph), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void WriteFile_of_an_invalid_graph_touches_nothing()
    {
        using var dir = new TempDir();
        var path = dir.Write("model.tflite", "keep me"u8);
        var graph = SingleOp(BuiltinOperator.Add, new AddOptions(), out var a, out _, out _);
        a.Data = new byte[5];

        Assert.Throws<ModelFormatException>(() => TfLiteWriter.WriteFile(graph, path, overwrite: true));

        Assert.Equal("keep me"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void WriteFile_into_a_missing_folder_fails_without_creating_it()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "missing", "model.tflite");
        Assert.Throws<DirectoryNotFoundException>(() =>
            TfLiteWriter.WriteFile(SingleOp(BuiltinOperator.Add, new AddOptions(), out _, out _, out _), path, overwrite: false));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    // One operator over two [3] float inputs and one [3] output; no version, no signature, no description.
    private static TfLiteGraph SingleOp(BuiltinOperator code, OperatorOptions? options, out Tensor a, out Tensor b, out Tensor y)
    {
        var graph = TfLiteGraph.CreateEmpty("test");
        var main = graph.Main;
        a = main.AddTensor(new Tensor("a", TensorType.Float32, [3]));
        b = main.AddTensor(new Tensor("b", TensorType.Float32, [3]));
        y = main.AddTensor(new Tensor("y", TensorType.Float32, [3]));
        main.AddOperator(new Operator(code, [a, b], [y], options));
        main.Inputs.AddRange([a, b]);
        main.Outputs.Add(y);
        return graph;
    }

    private static TfLiteGraph VersionCase(string situation)
    {
        var graph = TfLiteGraph.CreateEmpty("versions");
        var main = graph.Main;
        Tensor T(string name, TensorType type, int[] shape, int scales = 0) => main.AddTensor(new Tensor(name, type, shape)
        {
            Quantization = scales == 0 ? null : new QuantizationParameters { Scale = Enumerable.Repeat(0.5f, scales).ToArray(), ZeroPoint = new long[scales] },
        });
        void Add(BuiltinOperator code, Tensor?[] inputs, Tensor output, OperatorOptions? options, int version = 0) =>
            main.AddOperator(new Operator(code, inputs, [output], options) { Version = version });

        var f32 = TensorType.Float32;
        var i8 = TensorType.Int8;
        var fc = new FullyConnectedOptions();
        switch (situation)
        {
            case "float FULLY_CONNECTED": Add(BuiltinOperator.FullyConnected, [T("x", f32, [1, 4]), T("w", f32, [2, 4]), T("b", f32, [2])], T("y", f32, [1, 2]), fc); break;
            case "FULLY_CONNECTED keep_num_dims": Add(BuiltinOperator.FullyConnected, [T("x", f32, [1, 4]), T("w", f32, [2, 4]), T("b", f32, [2])], T("y", f32, [1, 2]), fc with { KeepNumDims = true }); break;
            case "FULLY_CONNECTED without bias input": Add(BuiltinOperator.FullyConnected, [T("x", f32, [1, 4]), T("w", f32, [2, 4])], T("y", f32, [1, 2]), fc); break;
            case "FULLY_CONNECTED with omitted bias": Add(BuiltinOperator.FullyConnected, [T("x", f32, [1, 4]), T("w", f32, [2, 4]), null], T("y", f32, [1, 2]), fc); break;
            case "int8 FULLY_CONNECTED": Add(BuiltinOperator.FullyConnected, [T("x", i8, [1, 4], 1), T("w", i8, [2, 4], 1), T("b", TensorType.Int32, [2], 1)], T("y", i8, [1, 2], 1), fc); break;
            case "hybrid per-channel FULLY_CONNECTED": Add(BuiltinOperator.FullyConnected, [T("x", f32, [1, 4]), T("w", i8, [2, 4], 2), T("b", f32, [2])], T("y", f32, [1, 2]), fc); break;
            case "int8 CONV_2D": Add(BuiltinOperator.Conv2D, [T("x", i8, [1, 5, 5, 3], 1), T("w", i8, [4, 3, 3, 3], 4), T("b", TensorType.Int32, [4], 4)], T("y", i8, [1, 3, 3, 4], 1), new Conv2DOptions()); break;
            case "hybrid per-channel CONV_2D": Add(BuiltinOperator.Conv2D, [T("x", f32, [1, 5, 5, 3]), T("w", i8, [4, 3, 3, 3], 4), T("b", f32, [4])], T("y", f32, [1, 3, 3, 4]), new Conv2DOptions()); break;
            case "hybrid per-tensor CONV_2D": Add(BuiltinOperator.Conv2D, [T("x", f32, [1, 5, 5, 3]), T("w", i8, [4, 3, 3, 3], 1), T("b", f32, [4])], T("y", f32, [1, 3, 3, 4]), new Conv2DOptions()); break;
            case "dilated DEPTHWISE_CONV_2D": Add(BuiltinOperator.DepthwiseConv2D, [T("x", f32, [1, 5, 5, 3]), T("w", f32, [1, 3, 3, 3]), T("b", f32, [3])], T("y", f32, [1, 1, 1, 3]), new DepthwiseConv2DOptions { DilationH = 2 }); break;
            case "int16 ADD without power-of-two scales": Add(BuiltinOperator.Add, [T("a", TensorType.Int16, [3], 1), T("b", TensorType.Int16, [3], 1)], T("y", TensorType.Int16, [3], 1), new AddOptions { PotScaleInt16 = false }); break;
            case "int8 SOFTMAX": Add(BuiltinOperator.Softmax, [T("x", i8, [1, 3], 1)], T("y", i8, [1, 3], 1), new SoftmaxOptions()); break;
            case "int16 SOFTMAX": Add(BuiltinOperator.Softmax, [T("x", TensorType.Int16, [1, 3], 1)], T("y", TensorType.Int16, [1, 3], 1), new SoftmaxOptions()); break;
            case "explicit version": Add(BuiltinOperator.Softmax, [T("x", f32, [1, 3])], T("y", f32, [1, 3]), new SoftmaxOptions(), version: 7); break;
            default: throw new ArgumentOutOfRangeException(nameof(situation), situation, null);
        }
        main.Inputs.Add(main.Tensors[0]);
        main.Outputs.Add(main.Tensors[^1]);
        return graph;
    }
}
