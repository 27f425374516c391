using TfLite.Core.Graph;
using TfLite.Core.Quantization;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Modes;

/// <summary>Small graphs whose scales, zero points and biases are worked out by hand in the comments.</summary>
public sealed class IntegerQuantizerHandCheckedTests
{
    /// <summary>x[1,4,4,2] -> CONV_2D(w[4,1,1,2], b[4]) -> MAX_POOL_2D -> RESHAPE -> FULLY_CONNECTED -> SOFTMAX -> y.</summary>
    private static TfLiteGraph Model()
    {
        var g = TfLiteGraph.CreateEmpty("hand");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [1, 4, 4, 2]));
        // Output channel c has max |w| = (c + 1) / 2, so its scale is (c + 1) / 254.
        var w = m.AddTensor(Tensor.Constant<float>("w", TensorType.Float32, [4, 1, 1, 2], [0.5f, -0.2f, 1f, 0.3f, -1.5f, 0f, 2f, 2f]));
        var b = m.AddTensor(Tensor.Constant<float>("b", TensorType.Float32, [4], [0.1f, -0.2f, 0f, 0.5f]));
        var conv = m.AddTensor(new Tensor("conv", TensorType.Float32, [1, 4, 4, 4]));
        var pool = m.AddTensor(new Tensor("pool", TensorType.Float32, [1, 2, 2, 4]));
        var flat = m.AddTensor(new Tensor("flat", TensorType.Float32, [1, 16]));
        var fw = m.AddTensor(Tensor.Constant<float>("fw", TensorType.Float32, [3, 16], Enumerable.Range(0, 48).Select(i => (i - 24) / 32f).ToArray()));
        var logits = m.AddTensor(new Tensor("logits", TensorType.Float32, [1, 3]));
        var y = m.AddTensor(new Tensor("y", TensorType.Float32, [1, 3]));
        m.Inputs.Add(x);
        m.AddOperator(new Operator(BuiltinOperator.Conv2D, [x, w, b], [conv], new Conv2DOptions { Padding = Padding.Valid, FusedActivation = ActivationFunction.Relu }) { SourceLayer = "conv_layer" });
        m.AddOperator(new Operator(BuiltinOperator.MaxPool2D, [conv], [pool], new Pool2DOptions { Padding = Padding.Valid, StrideH = 2, StrideW = 2, FilterHeight = 2, FilterWidth = 2 }));
        m.AddOperator(new Operator(BuiltinOperator.Reshape, [pool, m.AddTensor(Tensor.Constant<int>("shape", TensorType.Int32, [2], [1, 16]))], [flat]));
        m.AddOperator(new Operator(BuiltinOperator.FullyConnected, [flat, fw, null], [logits], new FullyConnectedOptions()));
        m.AddOperator(new Operator(BuiltinOperator.Softmax, [logits], [y], new SoftmaxOptions { Beta = 1f }));
        m.Outputs.Add(y);
        return g;
    }

    private static readonly Dictionary<string, (float Min, float Max)> Ranges = new()
    {
        ["x"] = (0f, 1f),
        ["conv"] = (0f, 6f),
        ["pool"] = (0f, 5.5f), // not used: MAX_POOL_2D keeps its input's parameters
        ["flat"] = (0f, 5.5f),
        ["logits"] = (-2f, 6f),
        ["y"] = (0f, 1f),
    };

    private static TfLiteGraph Quantize(QuantizationMode mode = QuantizationMode.Int8, TensorType io = TensorType.Float32,
        IReadOnlyDictionary<string, (float, float)>? ranges = null, (float, float)? stats = null) =>
        ModelQuantizer.Quantize(Model(), new QuantizationOptions { Mode = mode, InputType = io, OutputType = io, Ranges = ranges ?? Ranges, InputStats = stats });

    private static (float Scale, long Zero) P(Tensor t) => (t.Quantization!.Scale[0], t.Quantization.ZeroPoint[0]);

    [Fact]
    public void Int8_scales_zero_points_and_biases()
    {
        var q = Quantize();
        var ops = q.Main.Operators;
        Assert.Equal([BuiltinOperator.Quantize, BuiltinOperator.Conv2D, BuiltinOperator.MaxPool2D, BuiltinOperator.Reshape,
            BuiltinOperator.FullyConnected, BuiltinOperator.Softmax, BuiltinOperator.Dequantize], ops.Select(o => o.Code));
        // Input [0, 1]: scale 1/255, zero point -128 - 0 / scale = -128; the float input keeps its name and type.
        Assert.Equal(TensorType.Float32, q.Inputs[0].Type);
        var xq = ops[0].Outputs[0];
        Assert.Equal((1f / 255, -128L), P(xq));
        Assert.Same(xq, ops[1].Inputs[0]);
        // Conv output [0, 6]: scale 6/255, zero point -128.
        Assert.Equal((6f / 255, -128L), P(ops[1].Outputs[0]));
        // Weights per output channel: scale max|w| / 127.
        var w = ops[1].Inputs[1]!;
        Assert.Equal(TensorType.Int8, w.Type);
        Assert.Equal([0.5f / 127, 1f / 127, 1.5f / 127, 2f / 127], w.Quantization!.Scale);
        Assert.Equal([127, -51, 127, 38, -127, 0, 127, 127], w.GetData<sbyte>().ToArray().Select(v => (int)v));
        // Bias: int32, scale 1/255 * weight scale, 0.1 / (1/255 * 0.5/127) = 6477, -0.2 / (1/255 * 1/127) = -6477,
        // 0.5 / (1/255 * 2/127) = 8096.25 -> 8096.
        var b = ops[1].Inputs[2]!;
        Assert.Equal(TensorType.Int32, b.Type);
        Assert.Equal(w.Quantization.Scale.Select(s => 1f / 255 * s), b.Quantization!.Scale);
        Assert.Equal([6477, -6477, 0, 8096], b.GetData<int>().ToArray());
        // MAX_POOL_2D and RESHAPE keep the conv's parameters, whatever their own ranges.
        Assert.Equal((6f / 255, -128L), P(ops[2].Outputs[0]));
        Assert.Equal((6f / 255, -128L), P(ops[3].Outputs[0]));
        // FULLY_CONNECTED weights per tensor: max |w| = 24/32 -> scale 0.75/127; output [-2, 6]: scale 8/255,
        // zero point -128 + 2 / (8/255) = -64.25 -> -64.
        Assert.Equal([0.75f / 127], ops[4].Inputs[1]!.Quantization!.Scale);
        Assert.Equal((8f / 255, -64L), P(ops[4].Outputs[0]));
        // SOFTMAX: fixed 1/256, -128, written to a derived tensor; the DEQUANTIZE writes the original float output.
        Assert.Equal((1f / 256, -128L), P(ops[5].Outputs[0]));
        Assert.Equal("y1", ops[5].Outputs[0].Name);
        Assert.Same(q.Outputs[0], ops[6].Outputs[0]);
        Assert.Equal("y", q.Outputs[0].Name);
        Assert.Equal(TensorType.Float32, q.Outputs[0].Type);
    }

    [Fact]
    public void Int8_and_uint8_inputs_and_outputs()
    {
        var i8 = Quantize(io: TensorType.Int8);
        Assert.Equal(BuiltinOperator.Conv2D, i8.Main.Operators[0].Code);
        Assert.Equal(TensorType.Int8, i8.Inputs[0].Type);
        Assert.Equal((1f / 255, -128L), P(i8.Inputs[0]));
        Assert.Equal(TensorType.Int8, i8.Outputs[0].Type);
        Assert.Equal(BuiltinOperator.Softmax, i8.Main.Operators[^1].Code);

        var u8 = Quantize(io: TensorType.UInt8);
        Assert.Equal(TensorType.UInt8, u8.Inputs[0].Type);
        Assert.Equal((1f / 255, 0L), P(u8.Inputs[0]));
        Assert.Equal(BuiltinOperator.Quantize, u8.Main.Operators[0].Code);
        Assert.Equal((1f / 255, -128L), P(u8.Main.Operators[0].Outputs[0]));
        Assert.Equal(TensorType.UInt8, u8.Outputs[0].Type);
        Assert.Equal((1f / 256, 0L), P(u8.Outputs[0]));
        Assert.Equal(BuiltinOperator.Quantize, u8.Main.Operators[^1].Code);

        // quantized_input_stats (mean 127.5, std 127.5): scale 1/127.5, zero point 128 (uint8), 0 in int8.
        var stats = Quantize(io: TensorType.UInt8, stats: (127.5f, 127.5f));
        Assert.Equal((1f / 127.5f, 128L), P(stats.Inputs[0]));
        Assert.Equal((1f / 127.5f, 0L), P(stats.Main.Operators[0].Outputs[0]));
    }

    [Fact]
    public void Ranges_recorded_in_the_graph_win_over_calibration()
    {
        var g = Model();
        g.Main.FindTensor("conv")!.Quantization = new QuantizationParameters { Min = [-1f], Max = [3f] };
        var q = ModelQuantizer.Quantize(g, new QuantizationOptions { Mode = QuantizationMode.Int8, Ranges = Ranges });
        // [-1, 3]: scale 4/255, zero point -128 + 1 / (4/255) = -64.25 -> -64.
        Assert.Equal((4f / 255, -64L), P(q.Main.FindTensor("conv")!));
    }

    [Fact]
    public void Missing_ranges_name_every_tensor()
    {
        var partial = Ranges.Where(kv => kv.Key is not ("conv" or "logits")).ToDictionary();
        var e = Assert.Throws<QuantizationException>(() => Quantize(ranges: partial));
        Assert.Equal("MissingCalibrationData", e.ErrorId);
        Assert.Contains("'conv'", e.Message);
        Assert.Contains("'logits'", e.Message);
        Assert.Equal("conv", e.Target);
        var none = Assert.Throws<QuantizationException>(() => ModelQuantizer.Quantize(Model(), new QuantizationOptions { Mode = QuantizationMode.Int8 }));
        Assert.Equal("MissingCalibrationData", none.ErrorId);
    }

    [Fact]
    public void Excluded_and_unsupported_operators_stay_float_between_dequantize_and_quantize()
    {
        var q = ModelQuantizer.Quantize(Model(), new QuantizationOptions { Mode = QuantizationMode.Int8, Ranges = Ranges, ExcludeOperators = ["MAX_POOL_2D"] });
        Assert.Equal([BuiltinOperator.Quantize, BuiltinOperator.Conv2D, BuiltinOperator.Dequantize, BuiltinOperator.MaxPool2D, BuiltinOperator.Quantize,
            BuiltinOperator.Reshape, BuiltinOperator.FullyConnected, BuiltinOperator.Softmax, BuiltinOperator.Dequantize], q.Main.Operators.Select(o => o.Code));
        var pool = q.Main.Operators[3];
        Assert.Equal(TensorType.Float32, pool.Inputs[0]!.Type);
        Assert.Equal(TensorType.Float32, pool.Outputs[0].Type);
        // Its output is quantized from its own range now: [0, 5.5] -> 5.5/255.
        Assert.Equal((5.5f / 255, -128L), P(q.Main.Operators[4].Outputs[0]));

        var g = Model();
        var m = g.Main;
        var floor = m.AddTensor(new Tensor("floor", TensorType.Float32, [1, 3]));
        var cos = m.AddTensor(new Tensor("cos", TensorType.Float32, [1, 3]));
        m.AddOperator(new Operator(BuiltinOperator.Floor, [m.Outputs[0]], [floor]) { SourceLayer = "floor_layer" });
        m.AddOperator(new Operator(BuiltinOperator.Cos, [floor], [cos]));
        m.Outputs[0] = cos;
        var e = Assert.Throws<QuantizationException>(() => ModelQuantizer.Quantize(g, new QuantizationOptions { Mode = QuantizationMode.Int8, Ranges = Ranges, IntegerOnly = true }));
        Assert.Equal("NoIntegerKernel", e.ErrorId);
        Assert.Contains("Floor 'floor_layer'", e.Message);
        Assert.Contains("Cos 'cos'", e.Message);
        var mixed = ModelQuantizer.Quantize(g, new QuantizationOptions { Mode = QuantizationMode.Int8, Ranges = Ranges });
        Assert.Equal([BuiltinOperator.Softmax, BuiltinOperator.Dequantize, BuiltinOperator.Floor, BuiltinOperator.Cos], mixed.Main.Operators.Skip(5).Select(o => o.Code));
    }

    [Fact]
    public void Concatenation_inputs_are_requantized_to_the_output_scale()
    {
        var g = TfLiteGraph.CreateEmpty("concat");
        var m = g.Main;
        var a = m.AddTensor(new Tensor("a", TensorType.Float32, [1, 2]));
        var b = m.AddTensor(new Tensor("b", TensorType.Float32, [1, 2]));
        var c = m.AddTensor(new Tensor("c", TensorType.Float32, [1, 4]));
        m.Inputs.AddRange([a, b]);
        m.AddOperator(new Operator(BuiltinOperator.Concatenation, [a, b], [c], new ConcatenationOptions { Axis = 1 }));
        m.Outputs.Add(c);
        var q = ModelQuantizer.Quantize(g, new QuantizationOptions
        {
            Mode = QuantizationMode.Int8, InputType = TensorType.Int8, OutputType = TensorType.Int8,
            Ranges = new Dictionary<string, (float, float)> { ["a"] = (-1f, 1f), ["b"] = (-2f, 2f), ["c"] = (-2f, 2f) },
        });
        var concat = q.Main.Operators.Single(o => o.Code == BuiltinOperator.Concatenation);
        Assert.All(concat.Inputs, i => Assert.Equal(P(concat.Outputs[0]), P(i!)));
        var requantize = q.Main.Operators.Single(o => o.Code == BuiltinOperator.Quantize);
        Assert.Same(q.Inputs[0], requantize.Inputs[0]);
        Assert.Same(q.Inputs[1], concat.Inputs[1]);
    }

    [Fact]
    public void Int16x8_symmetric_activations_and_int64_biases()
    {
        var q = Quantize(QuantizationMode.Int16x8);
        var ops = q.Main.Operators;
        // Symmetric int16: scale max|range| / 32767, zero point 0.
        Assert.Equal((1f / 32767, 0L), P(ops[0].Outputs[0]));
        Assert.Equal(TensorType.Int16, ops[0].Outputs[0].Type);
        Assert.Equal((6f / 32767, 0L), P(ops[1].Outputs[0]));
        Assert.Equal((6f / 32767, 0L), P(ops[4].Outputs[0])); // logits [-2, 6]
        Assert.Equal((1f / 32768, 0L), P(ops[5].Outputs[0])); // SOFTMAX int16
        var b = ops[1].Inputs[2]!;
        Assert.Equal(TensorType.Int64, b.Type);
        // 0.5 / (1/32767 * 2/127) = 1040352.25 -> 1040352
        Assert.Equal(1040352L, b.GetData<long>()[3]);
        Assert.Equal(TensorType.Int8, ops[1].Inputs[1]!.Type);
    }
}
