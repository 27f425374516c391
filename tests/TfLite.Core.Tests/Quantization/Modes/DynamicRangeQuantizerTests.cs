using System.Globalization;
using TfLite.Core.Graph;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Modes;

public sealed class DynamicRangeQuantizerTests
{
    private static QuantizationOptions Dynamic(bool perChannel = false) => new() { Mode = QuantizationMode.DynamicRange, PerChannel = perChannel };

    /// <summary>Keras file, TensorFlow's dynamic-range file of it, and whether TF quantized FULLY_CONNECTED per channel
    /// (TensorFlow 2.16+ does by default).</summary>
    public static TheoryData<string, string, string, bool> TensorFlowFiles => new()
    {
        { "jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model_optimized.tflite", false },
        { "kurt-openhand-cnn-k2.14", "open_hand_model.h5", "open_hand_model.tflite", false },
        { "jhonatan-mnist-gap-k3.14h5", "model.h5", "model.tflite", true },
        { "kim-dogdet-dwcnn-k3.8h5", "tinyml_dog_model_2.h5", "tinyml_dog_model_quantized.tflite", true },
    };

    [Theory]
    [MemberData(nameof(TensorFlowFiles))]
    public void Quantizes_the_same_weights_to_the_same_bits_as_tensorflow(string folder, string keras, string tflite, bool perChannel)
    {
        var ours = ModelQuantizer.Quantize(QuantizedModels.Float(folder, keras), Dynamic(perChannel));
        var tf = TfLiteReader.ReadFile(SharedData.Path("models", folder, tflite));

        Assert.Equal(QuantizedModels.Histogram(tf), QuantizedModels.Histogram(ours));
        Assert.Equal(Int8Weights(tf), Int8Weights(ours));
        // Which weights stay float: the same shapes on both sides.
        Assert.Equal(FloatConstantShapes(tf), FloatConstantShapes(ours));
        var written = TfLiteReader.Read(TfLiteWriter.Write(ours));
        Assert.Equal(OpVersions(tf), OpVersions(written));
        foreach (var fc in written.Main.Operators.Where(o => o.Code == BuiltinOperator.FullyConnected && o.Inputs[1]!.Type == TensorType.Int8))
            Assert.True(fc.GetOptions<FullyConnectedOptions>().AsymmetricQuantizeInputs);
    }

    private static List<string> Int8Weights(TfLiteGraph g) => QuantizedModels.OfType(g, TensorType.Int8)
        .Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{string.Join("x", t.Shape)} d{t.Quantization!.QuantizedDimension} zp{string.Join(",", t.Quantization.ZeroPoint.Distinct())} s[{string.Join(",", t.Quantization.Scale.Select(s => BitConverter.SingleToInt32Bits(s)))}] {Convert.ToHexString(t.Data!)}"))
        .Order(StringComparer.Ordinal).ToList();

    private static List<string> FloatConstantShapes(TfLiteGraph g) => g.Main.Tensors.Where(t => t is { IsConstant: true, Type: TensorType.Float32 })
        .Select(t => string.Join("x", t.Shape)).Order(StringComparer.Ordinal).ToList();

    private static List<string> OpVersions(TfLiteGraph g) => g.Main.Operators.Select(o => $"{o.Code} v{o.Version}").Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Hand_checked_per_channel_and_per_tensor_scales()
    {
        var g = TfLiteGraph.CreateEmpty("hand");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [1, 4, 4, 32]));
        // OHWI, 36 weights per output channel. Channel 0: max |w| = 127/64 (scale 1/64); channel 1 all zero (TensorFlow
        // widens a channel's range to at least 1e-6, so its scale is 5e-7 / 127);
        // the others max 127/128 (scale 1/128). Powers of two keep the divisions exact.
        var w = new float[36 * 32];
        for (var i = 0; i < w.Length; i++) w[i] = i / 36 == 1 ? 0f : (i % 7 - 3) / 1024f;
        w[0] = -127 / 64f;
        w[1] = 1.5f / 64;  // 1.5 steps: ties go away from zero -> 2
        w[2] = -0.5f / 64; // -> -1
        for (var c = 2; c < 32; c++) w[c * 36] = 127 / 128f;
        var convW = m.AddTensor(Tensor.Constant<float>("conv_w", TensorType.Float32, [32, 3, 3, 4], w));
        var fcW = m.AddTensor(Tensor.Constant<float>("fc_w", TensorType.Float32, [2, 512], Enumerable.Range(0, 1024).Select(i => (i - 512) / 256f).ToArray()));
        var smallW = m.AddTensor(Tensor.Constant<float>("small_w", TensorType.Float32, [2, 511], new float[1022]));
        var y = m.AddTensor(new Tensor("y", TensorType.Float32, [1, 2, 2, 32]));
        var r = m.AddTensor(new Tensor("r", TensorType.Float32, [1, 512]));
        var z = m.AddTensor(new Tensor("z", TensorType.Float32, [1, 2]));
        var r2 = m.AddTensor(new Tensor("r2", TensorType.Float32, [1, 511]));
        var z2 = m.AddTensor(new Tensor("z2", TensorType.Float32, [1, 2]));
        m.Inputs.Add(x);
        m.AddOperator(new Operator(BuiltinOperator.Conv2D, [x, convW, null], [y], new Conv2DOptions { Padding = Padding.Valid, StrideH = 1, StrideW = 1 }));
        m.AddOperator(new Operator(BuiltinOperator.Reshape, [y, m.AddTensor(Tensor.Constant<int>("s", TensorType.Int32, [2], [1, 512]))], [r]));
        m.AddOperator(new Operator(BuiltinOperator.FullyConnected, [r, fcW, null], [z], new FullyConnectedOptions()));
        m.AddOperator(new Operator(BuiltinOperator.Reshape, [y, m.AddTensor(Tensor.Constant<int>("s2", TensorType.Int32, [2], [1, 511]))], [r2]));
        m.AddOperator(new Operator(BuiltinOperator.FullyConnected, [r2, smallW, null], [z2], new FullyConnectedOptions()));
        m.Outputs.Add(z);

        var q = ModelQuantizer.Quantize(g, Dynamic());

        var cw = q.Main.FindTensor("conv_w")!;
        Assert.Equal(TensorType.Int8, cw.Type);
        Assert.Equal(0, cw.Quantization!.QuantizedDimension);
        Assert.Equal(32, cw.Quantization.Scale.Length);
        Assert.Equal(1 / 64f, cw.Quantization.Scale[0]);
        Assert.Equal((float)(5e-7 / 127), cw.Quantization.Scale[1]);
        Assert.Equal(1 / 128f, cw.Quantization.Scale[2]);
        Assert.All(cw.Quantization.ZeroPoint, zp => Assert.Equal(0, zp));
        var cv = cw.GetData<sbyte>();
        Assert.Equal(-127, cv[0]);
        Assert.Equal(2, cv[1]);
        Assert.Equal(-1, cv[2]);
        Assert.Equal(0, cv[36]);
        Assert.Equal(127, cv[72]);
        Assert.Equal(0, cv[76]); // 3/1024 at scale 1/128 = 0.375 -> 0
        var fw = q.Main.FindTensor("fc_w")!;
        Assert.Equal([2f / 127], fw.Quantization!.Scale);
        Assert.Equal(-127, fw.GetData<sbyte>()[0]);        // -2
        Assert.Equal(0, fw.GetData<sbyte>()[512]);         // 0
        Assert.Equal(8, fw.GetData<sbyte>()[512 + 33]);    // 33/256 * 127/2 = 8.19
        Assert.True(q.Main.Operators[2].GetOptions<FullyConnectedOptions>().AsymmetricQuantizeInputs);
        Assert.Equal(TensorType.Float32, q.Main.FindTensor("small_w")!.Type);
        Assert.False(q.Main.Operators[4].GetOptions<FullyConnectedOptions>().AsymmetricQuantizeInputs);
        Assert.Equal(TensorType.Float32, convW.Type);
    }

    [Fact]
    public void A_weight_shared_by_two_operators_gets_one_copy_each_and_transpose_conv_is_weight_only()
    {
        var g = TfLiteGraph.CreateEmpty("shared");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [1, 4, 4, 64]));
        var w = m.AddTensor(Tensor.Constant<float>("w", TensorType.Float32, [16, 1, 1, 64], Enumerable.Range(0, 1024).Select(i => i / 1024f).ToArray()));
        var a = m.AddTensor(new Tensor("a", TensorType.Float32, [1, 4, 4, 16]));
        var b = m.AddTensor(new Tensor("b", TensorType.Float32, [1, 4, 4, 16]));
        var ts = m.AddTensor(Tensor.Constant<int>("ts", TensorType.Int32, [4], [1, 4, 4, 16]));
        var tw = m.AddTensor(Tensor.Constant<float>("tw", TensorType.Float32, [16, 2, 2, 16], Enumerable.Range(0, 1024).Select(i => i % 9 - 4f).ToArray()));
        var t = m.AddTensor(new Tensor("t", TensorType.Float32, [1, 4, 4, 16]));
        m.Inputs.Add(x);
        var conv = new Conv2DOptions { Padding = Padding.Valid };
        m.AddOperator(new Operator(BuiltinOperator.Conv2D, [x, w, null], [a], conv));
        m.AddOperator(new Operator(BuiltinOperator.Conv2D, [x, w, null], [b], conv));
        m.AddOperator(new Operator(BuiltinOperator.TransposeConv, [ts, tw, a, null], [t], new TransposeConvOptions { Padding = Padding.Same }));
        m.Outputs.Add(b);
        m.Outputs.Add(t);

        var q = ModelQuantizer.Quantize(g, Dynamic());

        var w1 = q.Main.Operators[0].Inputs[1]!;
        var w2 = q.Main.Operators[1].Inputs[1]!;
        Assert.NotSame(w1, w2);
        Assert.Equal(TensorType.Int8, w1.Type);
        Assert.Equal(w1.Data, w2.Data);
        Assert.DoesNotContain(q.Main.Tensors, t => t.Name == "w" && t.Type == TensorType.Float32);
        Assert.Equal(BuiltinOperator.Dequantize, q.Main.Operators[2].Code);
        var tq = q.Main.Operators[2].Inputs[0]!;
        Assert.Equal(TensorType.Int8, tq.Type);
        Assert.Equal(16, tq.Quantization!.Scale.Length);
        Assert.Same(q.Main.Operators[2].Outputs[0], q.Main.Operators[3].Inputs[1]);
        Assert.Equal(TensorType.Float32, q.Main.Operators[3].Inputs[1]!.Type);
    }

    [Fact]
    public void An_embedding_table_is_quantized_weight_only_per_tensor()
    {
        // A [300, 8] table (2400 values, over TensorFlow's 1024) gathered by int32 indices, as Keras Embedding converts.
        var g = TfLiteGraph.CreateEmpty("embedding");
        var m = g.Main;
        var values = Enumerable.Range(0, 2400).Select(i => MathF.Sin(i * 0.37f) * (1 + i % 5)).ToArray();
        var table = m.AddTensor(Tensor.Constant<float>("table", TensorType.Float32, [300, 8], values));
        var ids = m.AddTensor(new Tensor("ids", TensorType.Int32, [1, 3]));
        var y = m.AddTensor(new Tensor("y", TensorType.Float32, [1, 3, 8]));
        m.Inputs.Add(ids);
        m.Outputs.Add(y);
        m.AddOperator(new Operator(BuiltinOperator.Gather, [table, ids], [y], new GatherOptions { Axis = 0 }));

        var q = ModelQuantizer.Quantize(g, Dynamic());

        Assert.Equal([BuiltinOperator.Dequantize, BuiltinOperator.Gather], q.Main.Operators.Select(o => o.Code));
        var int8 = q.Main.Operators[0].Inputs[0]!;
        Assert.Equal(TensorType.Int8, int8.Type);
        var scale = Assert.Single(int8.Quantization!.Scale);
        Assert.Equal(values.Max(MathF.Abs) / 127, scale, 6);
        Assert.Equal(0L, Assert.Single(int8.Quantization.ZeroPoint));
        var stored = int8.GetData<sbyte>().ToArray();
        for (var i = 0; i < values.Length; i++)
            Assert.Equal((sbyte)Math.Clamp(Math.Round(values[i] / scale, MidpointRounding.AwayFromZero), -127, 127), stored[i]);
        Assert.Same(q.Main.Operators[0].Outputs[0], q.Main.Operators[1].Inputs[0]);

        // The gathered rows are the dequantized table rows.
        var run = new TfLite.Core.Interpreter.Interpreter(q);
        run.SetInput(0, new[] { 7, 0, 299 });
        run.Invoke();
        var rows = run.GetOutputArray<float>(0);
        int[] picked = [7, 0, 299];
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 8; c++)
                Assert.Equal(stored[picked[r] * 8 + c] * scale, rows[r * 8 + c], 6);
    }

    [SkippableTheory]
    [MemberData(nameof(TensorFlowFiles))]
    public void Runs_in_litert_with_the_outputs_of_tensorflows_file(string folder, string keras, string tflite, bool perChannel)
    {
        var graph = QuantizedModels.Float(folder, keras);
        var ours = TfLiteWriter.Write(ModelQuantizer.Quantize(graph, Dynamic(perChannel)));
        var shape = (int[])graph.Inputs[0].Shape.Clone();
        var input = new float[shape.Aggregate(1, (p, d) => p * d)];
        var rng = new Random(11);
        for (var i = 0; i < input.Length; i++) input[i] = (float)rng.NextDouble();
        var feed = new[] { OracleTensor.Float32(shape, input) };
        var mine = OracleRunner.Run(ours, feed).Outputs[0].AsFloat32();
        var theirs = OracleRunner.Run(SharedData.Path("models", folder, tflite), feed).Outputs[0].AsFloat32();
        Assert.Equal(theirs, mine);
    }
}
