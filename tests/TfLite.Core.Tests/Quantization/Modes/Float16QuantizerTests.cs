using TfLite.Core.Graph;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Modes;

public sealed class Float16QuantizerTests
{
    private static readonly QuantizationOptions Float16 = new() { Mode = QuantizationMode.Float16 };

    [Fact]
    public void Stores_float_constants_as_float16_behind_one_dequantize_each()
    {
        var g = TfLiteGraph.CreateEmpty("fc");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [1, 3]));
        var w = m.AddTensor(Tensor.Constant<float>("w", TensorType.Float32, [2, 3], [0.1f, -2.5f, 65519f, 1e-8f, 3f, -0.333333f]));
        var b = m.AddTensor(Tensor.Constant<float>("b", TensorType.Float32, [2], [0.5f, 70000f]));
        var shape = m.AddTensor(Tensor.Constant<int>("shape", TensorType.Int32, [2], [2, 1]));
        var y = m.AddTensor(new Tensor("y", TensorType.Float32, [1, 2]));
        var z = m.AddTensor(new Tensor("z", TensorType.Float32, [2, 1]));
        var y2 = m.AddTensor(new Tensor("y2", TensorType.Float32, [1, 2]));
        m.Inputs.Add(x);
        m.AddOperator(new Operator(BuiltinOperator.FullyConnected, [x, w, b], [y], new FullyConnectedOptions()));
        m.AddOperator(new Operator(BuiltinOperator.FullyConnected, [x, w, null], [y2], new FullyConnectedOptions()));
        m.AddOperator(new Operator(BuiltinOperator.Reshape, [y, shape], [z]));
        m.Outputs.Add(z);
        m.Outputs.Add(y2);

        var q = ModelQuantizer.Quantize(g, Float16);

        Assert.Equal([BuiltinOperator.Dequantize, BuiltinOperator.Dequantize, BuiltinOperator.FullyConnected, BuiltinOperator.FullyConnected, BuiltinOperator.Reshape],
            q.Main.Operators.Select(o => o.Code));
        var qw = q.Main.FindTensor("w")!;
        Assert.Equal(TensorType.Float16, qw.Type);
        // IEEE half: 65519 rounds to 65504 (largest finite), 1e-8 underflows to 0, 70000 overflows to infinity.
        Assert.Equal([0.099975586f, -2.5f, 65504f, 0f, 3f, -0.33325195f], qw.GetData<Half>().ToArray().Select(h => (float)h));
        Assert.Equal([0.5f, float.PositiveInfinity], q.Main.FindTensor("b")!.GetData<Half>().ToArray().Select(h => (float)h));
        Assert.Equal(TensorType.Int32, q.Main.FindTensor("shape")!.Type);
        var dqW = q.Main.Operators[0];
        Assert.Same(qw, dqW.Inputs[0]);
        Assert.Equal("w1", dqW.Outputs[0].Name);
        Assert.Equal(TensorType.Float32, dqW.Outputs[0].Type);
        Assert.Same(dqW.Outputs[0], q.Main.Operators[2].Inputs[1]);
        Assert.Same(dqW.Outputs[0], q.Main.Operators[3].Inputs[1]);
        Assert.Equal("b1", q.Main.Operators[2].Inputs[2]!.Name);
        // The input graph is untouched.
        Assert.Equal(TensorType.Float32, w.Type);
        Assert.Equal(3, m.Operators.Count);
        Assert.Same(w, m.Operators[0].Inputs[1]);
    }

    [Fact]
    public void Excluded_operators_keep_reading_float32()
    {
        var g = TfLiteGraph.CreateEmpty("two");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [1, 2]));
        var c = m.AddTensor(Tensor.Constant<float>("c", TensorType.Float32, [2], [1f, 2f]));
        var a = m.AddTensor(new Tensor("a", TensorType.Float32, [1, 2]));
        var p = m.AddTensor(new Tensor("p", TensorType.Float32, [1, 2]));
        m.Inputs.Add(x);
        m.AddOperator(new Operator(BuiltinOperator.Add, [x, c], [a], new AddOptions()) { SourceLayer = "add_layer" });
        m.AddOperator(new Operator(BuiltinOperator.Mul, [a, c], [p], new MulOptions()) { SourceLayer = "mul_layer" });
        m.Outputs.Add(p);

        var q = ModelQuantizer.Quantize(g, Float16);
        Assert.Single(q.Main.Operators, o => o.Code == BuiltinOperator.Dequantize);

        foreach (var options in new[] { new QuantizationOptions { Mode = QuantizationMode.Float16, ExcludeOperators = ["M?L"] },
                                        new QuantizationOptions { Mode = QuantizationMode.Float16, ExcludeLayers = ["MUL_*"] } })
        {
            q = ModelQuantizer.Quantize(g, options);
            var mul = q.Main.Operators.Single(o => o.Code == BuiltinOperator.Mul);
            var add = q.Main.Operators.Single(o => o.Code == BuiltinOperator.Add);
            Assert.Equal("c", mul.Inputs[1]!.Name);
            Assert.Equal(TensorType.Float32, mul.Inputs[1]!.Type);
            Assert.Equal(TensorType.Float32, add.Inputs[1]!.Type);
            Assert.Equal(BuiltinOperator.Dequantize, q.Main.ProducerOf(add.Inputs[1]!)!.Code);
        }
    }

    [Fact]
    public void Rejects_a_model_that_is_already_quantized()
    {
        var tf = TfLiteReader.ReadFile(SharedData.Path("models", "jhonatan-mnist-gap-k3.14h5", "model_float16.tflite"));
        var e = Assert.Throws<QuantizationException>(() => ModelQuantizer.Quantize(tf, Float16));
        Assert.Equal("AlreadyQuantized", e.ErrorId);
    }

    [Fact]
    public void Matches_tensorflows_float16_file_of_the_same_model()
    {
        var ours = ModelQuantizer.Quantize(QuantizedModels.Float("jhonatan-mnist-gap-k3.14h5", "model.h5"), Float16);
        var tf = TfLiteReader.ReadFile(SharedData.Path("models", "jhonatan-mnist-gap-k3.14h5", "model_float16.tflite"));

        Assert.Equal(QuantizedModels.Histogram(tf), QuantizedModels.Histogram(ours));
        // Same float16 values, bit for bit: both round the same Keras weights to nearest even.
        static List<string> Halves(TfLiteGraph g) => QuantizedModels.OfType(g, TensorType.Float16)
            .Select(t => string.Join(",", t.Shape) + ":" + Convert.ToHexString(t.Data!)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Halves(tf), Halves(ours));
        var bytes = TfLiteWriter.Write(ours);
        var tfSize = new FileInfo(SharedData.Path("models", "jhonatan-mnist-gap-k3.14h5", "model_float16.tflite")).Length;
        Assert.InRange(bytes.Length, tfSize - 8192, tfSize + 8192);
        var version = TfLiteReader.Read(bytes).Main.Operators.First(o => o.Code == BuiltinOperator.Dequantize).Version;
        Assert.Equal(3, version);
    }

    [SkippableFact]
    public void Float16_model_runs_in_litert_like_tensorflows()
    {
        var ours = TfLiteWriter.Write(ModelQuantizer.Quantize(QuantizedModels.Float("jhonatan-mnist-gap-k3.14h5", "model.h5"), Float16));
        var input = new float[3 * 28 * 28];
        var rng = new Random(7);
        for (var i = 0; i < input.Length; i++) input[i] = (float)rng.NextDouble();
        var feed = new[] { OracleTensor.Float32([3, 28, 28, 1], input) };
        var mine = OracleRunner.Run(ours, feed).Outputs[0].AsFloat32();
        var theirs = OracleRunner.Run(SharedData.Path("models", "jhonatan-mnist-gap-k3.14h5", "model_float16.tflite"), feed).Outputs[0].AsFloat32();
        Assert.Equal(theirs.Length, mine.Length);
        for (var i = 0; i < mine.Length; i++) Assert.InRange(mine[i] - theirs[i], -1e-5f, 1e-5f);
    }
}
