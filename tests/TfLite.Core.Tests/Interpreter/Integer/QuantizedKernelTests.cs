using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.Reference.Integer;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>
/// The integer kernels that no golden model exercises, run through the interpreter on one-operator graphs: outputs
/// must stay within one quantization step of the real-valued operation (and hit hand-worked values), which checks
/// that each kernel reads the right tensors, scales and options.
/// </summary>
public class QuantizedKernelTests
{
    private static readonly sbyte[] AllInt8 = Enumerable.Range(-128, 256).Select(v => (sbyte)v).ToArray();

    [Theory]
    [InlineData(BuiltinOperator.Relu, 0.0, double.PositiveInfinity)]
    [InlineData(BuiltinOperator.Relu6, 0.0, 6.0)]
    [InlineData(BuiltinOperator.ReluN1To1, -1.0, 1.0)]
    [InlineData(BuiltinOperator.Relu0To1, 0.0, 1.0)]
    public void ReluFamily_ClampsInRealUnits(BuiltinOperator code, double min, double max) =>
        CheckUnary(code, null, 0.05f, 3, 0.04f, -20, x => Math.Clamp(x, min, max));

    [Fact]
    public void HardSwish_TracksTheRealFunction() =>
        CheckUnary(BuiltinOperator.HardSwish, null, 0.05f, -10, 0.03f, -60, x => x * Math.Clamp(x + 3, 0, 6) / 6);

    [Fact]
    public void LeakyRelu_ReadsAlphaFromTheOptions() =>
        CheckUnary(BuiltinOperator.LeakyRelu, new LeakyReluOptions { Alpha = 0.25f }, 0.05f, 0, 0.05f, 0, x => x >= 0 ? x : 0.25 * x);

    [Fact]
    public void Tanh_Int8_OutputsOneOver128() =>
        CheckUnary(BuiltinOperator.Tanh, null, 0.04f, 5, 1f / 128, 0, Math.Tanh);

    [Fact]
    public void Logistic_Int8_OutputsOneOver256() =>
        CheckUnary(BuiltinOperator.Logistic, null, 0.06f, -3, 1f / 256, -128, x => 1 / (1 + Math.Exp(-x)));

    [Fact]
    public void Elu_IsTableDriven() =>
        CheckUnary(BuiltinOperator.Elu, null, 0.05f, 0, 0.04f, -3, x => x < 0 ? Math.Exp(x) - 1 : x);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gelu_ExactAndApproximate(bool approximate) =>
        CheckUnary(BuiltinOperator.Gelu, new GeluOptions { Approximate = approximate }, 0.05f, 0, 0.03f, -40,
            x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
            tolerance: approximate ? 1 : 2);

    [Fact]
    public void Prelu_BroadcastsAlpha()
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [1, 2, 2], 0.1f, 0, new sbyte[] { -20, 10, -30, 40 });
        var alpha = g.Constant(TensorType.Int8, [2], 0.01f, 0, new sbyte[] { 50, 25 });
        var output = g.Output(TensorType.Int8, 0.1f, 0);
        g.Op(BuiltinOperator.Prelu, [input, alpha], output);
        // -20 * 0.5 = -10, 10 stays, -30 * 0.5 = -15, 40 stays... alpha is per last axis: [0.5, 0.25].
        Assert.Equal(new sbyte[] { -10, 10, -15, 40 }, g.Run<sbyte>());
    }

    [Fact]
    public void Concatenation_RescalesInputsWithOtherQuantization()
    {
        var g = new QuantizedGraph();
        var a = g.Input(TensorType.Int8, [1, 2], 0.5f, 0, new sbyte[] { 1, 2 });
        var b = g.Input(TensorType.Int8, [1, 2], 0.25f, 2, new sbyte[] { 10, -10 });
        var output = g.Output(TensorType.Int8, 0.5f, 0);
        g.Op(BuiltinOperator.Concatenation, [a, b], output, new ConcatenationOptions { Axis = 1 });
        Assert.Equal(new sbyte[] { 1, 2, 4, -6 }, g.Run<sbyte>());
    }

    [Fact]
    public void Sum_RequantizesTheSum()
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [2, 3], 0.1f, 1, new sbyte[] { 11, 21, 31, -9, 1, 11 });
        var axis = g.Main.AddTensor(Tensor.Constant("axis", TensorType.Int32, [1], new[] { 1 }.AsSpan()));
        var output = g.Output(TensorType.Int8, 0.2f, 0);
        g.Op(BuiltinOperator.Sum, [input, axis], output, new ReducerOptions());
        // Rows sum to 1 + 2 + 3 = 6.0 and -1 + 0 + 1 = 0.0: 30 and 0 steps of 0.2.
        Assert.Equal(new sbyte[] { 30, 0 }, g.Run<sbyte>());
    }

    [Theory]
    [InlineData(BuiltinOperator.ReduceMax, TensorType.Int8)]
    [InlineData(BuiltinOperator.ReduceMin, TensorType.Int8)]
    [InlineData(BuiltinOperator.ReduceMax, TensorType.Int16)]
    [InlineData(BuiltinOperator.ReduceMin, TensorType.Int16)]
    public void ReduceMaxMin_ComparesRawValuesOverTheAxes(BuiltinOperator code, TensorType type)
    {
        // A [2, 3, 4] tensor reduced over axes 0 and -1 (kept), so each output element takes 8 values.
        var raw = Enumerable.Range(0, 24).Select(i => (i * 37 + 11) % 29 * 9 - 128).ToArray();
        var g = new QuantizedGraph();
        var input = type == TensorType.Int8
            ? g.Input(type, [2, 3, 4], 0.05f, -7, raw.Select(v => (sbyte)v).ToArray())
            : g.Input(type, [2, 3, 4], 0.05f, -7, raw.Select(v => (short)(v * 200)).ToArray());
        var axes = g.Main.AddTensor(Tensor.Constant("axes", TensorType.Int32, [2], new[] { 0, -1 }.AsSpan()));
        var output = g.Output(type, 0.05f, -7);
        g.Op(code, [input, axes], output, new ReducerOptions { KeepDims = true });
        var expected = new long[3];
        for (int h = 0; h < 3; h++)
        {
            var group = new List<int>();
            for (int b = 0; b < 2; b++)
                for (int c = 0; c < 4; c++) group.Add(raw[(b * 3 + h) * 4 + c] * (type == TensorType.Int8 ? 1 : 200));
            expected[h] = code == BuiltinOperator.ReduceMax ? group.Max() : group.Min();
        }
        var actual = type == TensorType.Int8 ? g.Run<sbyte>().Select(v => (long)v) : g.Run<short>().Select(v => (long)v);
        Assert.Equal(expected, actual);
    }

    [Theory]
    // LEAKY_RELU with alpha 0.2 and QUANTIZE (a plain rescale) over every int8 value.
    [InlineData(BuiltinOperator.LeakyRelu, 0.0191724f, -5, 0.0120324f, -90, 0.2f)]
    [InlineData(BuiltinOperator.Quantize, 0.000852842f, -91, 0.00141094f, -32, 1f)]
    public void XnnpackRounding_RescalesBy16BitMultipliers(BuiltinOperator code, float inScale, int inZero, float outScale,
        int outZero, float alpha)
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [256], inScale, inZero, AllInt8);
        var output = g.Output(TensorType.Int8, outScale, outZero);
        g.Op(code, [input], output, code == BuiltinOperator.LeakyRelu ? new LeakyReluOptions { Alpha = alpha } : null);
        var actual = g.Run<sbyte>(new InterpreterOptions { Rounding = RoundingMode.Xnnpack });
        // XNNPACK: multipliers 256 x (input scale / output scale) and 256 x (that ratio x alpha), formed in float32 and
        // rounded half to even; each output is the zero point plus the product / 256 rounded half up.
        float ratio = inScale / outScale;
        double positive = Math.Round(256.0 * ratio, MidpointRounding.ToEven);
        double negative = Math.Round(256.0 * (ratio * alpha), MidpointRounding.ToEven);
        var reference = g.Run<sbyte>(new InterpreterOptions { Rounding = RoundingMode.Single });
        int differences = 0;
        for (int i = 0; i < 256; i++)
        {
            int x = AllInt8[i] - inZero;
            double expected = Math.Clamp(outZero + Math.Floor((x * (x < 0 ? negative : positive) + 128) / 256), -128, 127);
            Assert.True(expected == actual[i], $"{code}({AllInt8[i]}): expected {expected}, got {actual[i]}");
            if (actual[i] != reference[i]) differences++;
        }
        // TFLite's own kernel (a 31-bit multiplier) lands elsewhere on some inputs, so the path taken matters.
        Assert.True(differences > 0, "XNNPACK's and TFLite's arithmetic agree on every input; the test proves nothing");
    }

    [Fact]
    public void XnnpackRounding_LeavesScalesXnnpackRejectsToTflite()
    {
        // input / output scale = 200 is above the 2^7 XNNPACK accepts: LiteRT keeps TFLite's kernel.
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [256], 2f, 0, AllInt8);
        var output = g.Output(TensorType.Int8, 0.01f, 0);
        g.Op(BuiltinOperator.LeakyRelu, [input], output, new LeakyReluOptions { Alpha = 0.5f });
        Assert.Equal(g.Run<sbyte>(new InterpreterOptions { Rounding = RoundingMode.Single }),
            g.Run<sbyte>(new InterpreterOptions { Rounding = RoundingMode.Xnnpack }));
    }

    [Fact]
    public void ReduceMax_WithOtherOutputQuantization_IsATypedError()
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [2, 2], 0.1f, 0, new sbyte[4]);
        var axes = g.Main.AddTensor(Tensor.Constant("axes", TensorType.Int32, [1], new[] { 1 }.AsSpan()));
        var output = g.Output(TensorType.Int8, 0.2f, 0);
        g.Op(BuiltinOperator.ReduceMax, [input, axes], output, new ReducerOptions());
        var e = Assert.Throws<InterpreterException>(() => g.Run<sbyte>());
        Assert.Equal("InvalidQuantization", e.ErrorId);
        Assert.Contains("must share scale and zero point", e.Message);
    }

    [Theory]
    // Power-of-two path: -10 / 4 = -2.5 rounds away from zero to -3 before the add, so -2.5 + 100 gives 97.
    [InlineData(true, 97)]
    // General path: -2.5 + 100 = 97.5 is rounded once at the end, up to 98.
    [InlineData(false, 98)]
    public void Add_Int16_TakesThePowerOfTwoPathOnlyWhenAllowed(bool powerOfTwo, short expected)
    {
        var g = new QuantizedGraph();
        var a = g.Input(TensorType.Int16, [3], 1f / 4096, 0, new short[] { 10, -10, 32767 });
        var b = g.Input(TensorType.Int16, [3], 1f / 1024, 0, new short[] { 100, 100, 32767 });
        var output = g.Output(TensorType.Int16, 1f / 1024, 0);
        g.Op(BuiltinOperator.Add, [a, b], output, new AddOptions { PotScaleInt16 = powerOfTwo });
        // 10 / 4 = 2.5 rounds up to 103 either way; the last sum saturates.
        Assert.Equal(new short[] { 103, expected, 32767 }, g.Run<short>());
    }

    [Fact]
    public void Softmax_Int16_UsesTheTables()
    {
        var g = new QuantizedGraph();
        short[] values = [0, 2000, -4000, 1000];
        var input = g.Input(TensorType.Int16, [1, 4], 0.001f, 0, values);
        var output = g.Output(TensorType.Int16, 1f / 32768, 0);
        g.Op(BuiltinOperator.Softmax, [input], output, new SoftmaxOptions { Beta = 1f });
        var actual = g.Run<short>();
        double sum = values.Sum(v => Math.Exp(0.001 * v));
        for (int i = 0; i < 4; i++)
            Assert.InRange(actual[i] / 32768.0 - Math.Exp(0.001 * values[i]) / sum, -2e-3, 2e-3);
    }

    [Fact]
    public void Quantize_Int16ToInt8_Requantizes()
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int16, [3], 1f / 1024, 0, new short[] { 1024, -2048, 32767 });
        var output = g.Output(TensorType.Int8, 1f / 64, 5);
        g.Op(BuiltinOperator.Quantize, [input], output);
        // 1.0 -> 64 + 5; -2.0 -> -128 + 5; 32.0 saturates.
        Assert.Equal(new sbyte[] { 69, -123, 127 }, g.Run<sbyte>());
    }

    [Fact]
    public void UnsupportedCombinations_AreReportedTogether()
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [4], 0.1f, 0, new sbyte[4]);
        var middle = g.Intermediate(TensorType.Int8, 0.1f, 0);
        var output = g.Output(TensorType.Int8, 0.1f, 0);
        g.Op(BuiltinOperator.HardSwish, [input], middle);
        // A quantized tanh needs the fixed output scale 1/128: this one is refused when the interpreter is built.
        g.Op(BuiltinOperator.Tanh, [middle], output);
        var error = Assert.Throws<InterpreterException>(() => g.Run<sbyte>());
        Assert.Equal("UnsupportedOperator", error.ErrorId);
        Assert.Contains("scale", error.Message);
    }

    [Theory]
    [InlineData(TensorType.Int8)]
    [InlineData(TensorType.Int16)]
    public void SequenceLstm_TracksTheFloatRecurrence(TensorType activation)
    {
        const int steps = 4, inputs = 3, units = 2;
        var random = new Random(42);
        float[] Floats(int n, double range) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * range)).ToArray();
        var x = Floats(steps * inputs, 1);
        var w = Enumerable.Range(0, 8).Select(i => Floats(units * (i < 4 ? inputs : units), 0.8)).ToArray();
        var bias = Enumerable.Range(0, 4).Select(_ => Floats(units, 0.3)).ToArray();
        bool int16 = activation == TensorType.Int16;
        float xScale = int16 ? 1f / 16384 : 1f / 64, hScale = int16 ? 1f / 32768 : 1f / 128, wScale = 0.8f / 127;

        var g = new QuantizedGraph();
        var input = int16
            ? g.Input(activation, [1, steps, inputs], xScale, 0, x.Select(v => (short)Math.Round(v / xScale)).ToArray())
            : g.Input(activation, [1, steps, inputs], xScale, 0, x.Select(v => (sbyte)Math.Round(v / xScale)).ToArray());
        var operands = new Tensor?[24];
        operands[0] = input;
        for (int i = 0; i < 8; i++)
            operands[1 + i] = g.Constant(TensorType.Int8, i < 4 ? [units, inputs] : [units, units], wScale, 0,
                w[i].Select(v => (sbyte)Math.Round(v / wScale)).ToArray());
        for (int i = 0; i < 4; i++)
        {
            double biasScale = (double)xScale * wScale;
            operands[12 + i] = int16
                ? g.Constant(TensorType.Int64, [units], (float)biasScale, 0, bias[i].Select(v => (long)Math.Round(v / biasScale)).ToArray())
                : g.Constant(TensorType.Int32, [units], (float)biasScale, 0, bias[i].Select(v => (int)Math.Round(v / biasScale)).ToArray());
        }
        operands[18] = g.Variable(activation, [1, units], hScale, 0);
        operands[19] = g.Variable(TensorType.Int16, [1, units], 1f / 2048, 0);
        var output = g.Output(activation, hScale, 0);
        g.Op(BuiltinOperator.UnidirectionalSequenceLstm, [.. operands.Select(t => t!)], output, new UnidirectionalSequenceLstmOptions());
        var raw = int16 ? g.Run<short>().Select(v => (double)v).ToArray() : g.Run<sbyte>().Select(v => (double)v).ToArray();

        // Plain float LSTM with the dequantized weights; gates in TFLite's order input, forget, cell, output.
        double[] h = new double[units], c = new double[units];
        double Wq(int m, int r, int k, int cols) => Math.Round(w[m][r * cols + k] / wScale) * wScale;
        for (int t = 0; t < steps; t++)
        {
            var xt = Enumerable.Range(0, inputs).Select(k => Math.Round(x[t * inputs + k] / xScale) * xScale).ToArray();
            var gate = new double[4, units];
            for (int m = 0; m < 4; m++)
            for (int r = 0; r < units; r++)
            {
                double sum = Math.Round(bias[m][r] / ((double)xScale * wScale)) * xScale * wScale;
                for (int k = 0; k < inputs; k++) sum += Wq(m, r, k, inputs) * xt[k];
                for (int k = 0; k < units; k++) sum += Wq(4 + m, r, k, units) * h[k];
                gate[m, r] = m == 2 ? Math.Tanh(sum) : 1 / (1 + Math.Exp(-sum));
            }
            for (int r = 0; r < units; r++)
            {
                c[r] = gate[1, r] * c[r] + gate[0, r] * gate[2, r];
                h[r] = gate[3, r] * Math.Tanh(c[r]);
                Assert.True(Math.Abs(raw[t * units + r] * hScale - h[r]) < 0.02, $"step {t} unit {r}: {raw[t * units + r] * hScale} vs {h[r]}");
            }
        }
    }

    [Fact]
    public void Conv_WithZeroStride_IsATypedError()
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [1, 3, 3, 1], 0.1f, 0, new sbyte[9]);
        var filter = g.Constant(TensorType.Int8, [1, 1, 1, 1], 0.1f, 0, new sbyte[] { 1 });
        var output = g.Output(TensorType.Int8, 0.1f, 0);
        g.Op(BuiltinOperator.Conv2D, [input, filter], output, new Conv2DOptions { StrideH = 0 });
        Assert.Equal("InvalidShape", Assert.Throws<InterpreterException>(() => g.Run<sbyte>()).ErrorId);
    }

    [Fact]
    public void ZeroPointOutside32Bits_IsATypedError()
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [2], 0.1f, 0, new sbyte[2]);
        var output = g.Output(TensorType.Int8, 0.1f, 0);
        output.Quantization!.ZeroPoint = [1L << 40];
        g.Op(BuiltinOperator.Relu, [input], output);
        Assert.Equal("InvalidQuantization", Assert.Throws<InterpreterException>(() => g.Run<sbyte>()).ErrorId);
    }

    private static void CheckUnary(BuiltinOperator code, OperatorOptions? options, float inScale, int inZero,
        float outScale, int outZero, Func<double, double> f, int tolerance = 1)
    {
        var g = new QuantizedGraph();
        var input = g.Input(TensorType.Int8, [256], inScale, inZero, AllInt8);
        var output = g.Output(TensorType.Int8, outScale, outZero);
        g.Op(code, [input], output, options);
        var actual = g.Run<sbyte>();
        for (int i = 0; i < 256; i++)
        {
            double real = f(inScale * (AllInt8[i] - inZero));
            double expected = Math.Clamp(Math.Round(real / outScale) + outZero, -128, 127);
            Assert.True(Math.Abs(actual[i] - expected) <= tolerance, $"{code}({inScale * (AllInt8[i] - inZero)}): expected {expected}, got {actual[i]}");
        }
    }

    /// <summary>One-operator graphs of quantized tensors.</summary>
    private sealed class QuantizedGraph
    {
        private readonly TfLiteGraph _graph = TfLiteGraph.CreateEmpty("quantized");
        private readonly List<Array> _values = [];

        public Subgraph Main => _graph.Main;

        public Tensor Input<T>(TensorType type, int[] shape, float scale, int zeroPoint, T[] values) where T : unmanaged
        {
            var t = Main.AddTensor(new Tensor($"in{_values.Count}", type, shape) { Quantization = QuantizationParameters.PerTensor(scale, zeroPoint) });
            Main.Inputs.Add(t);
            _values.Add(values);
            return t;
        }

        public Tensor Constant<T>(TensorType type, int[] shape, float scale, int zeroPoint, T[] values) where T : unmanaged
        {
            var t = Tensor.Constant($"c{Main.Tensors.Count}", type, shape, values.AsSpan());
            t.Quantization = QuantizationParameters.PerTensor(scale, zeroPoint);
            return Main.AddTensor(t);
        }

        public Tensor Variable(TensorType type, int[] shape, float scale, int zeroPoint) =>
            Main.AddTensor(new Tensor($"v{Main.Tensors.Count}", type, shape)
            {
                Quantization = QuantizationParameters.PerTensor(scale, zeroPoint),
                IsVariable = true,
            });

        public Tensor Intermediate(TensorType type, float scale, int zeroPoint) =>
            Main.AddTensor(new Tensor($"t{Main.Tensors.Count}", type, [1]) { Quantization = QuantizationParameters.PerTensor(scale, zeroPoint) });

        public Tensor Output(TensorType type, float scale, int zeroPoint)
        {
            var t = Intermediate(type, scale, zeroPoint);
            Main.Outputs.Add(t);
            return t;
        }

        public void Op(BuiltinOperator code, Tensor[] inputs, Tensor output, OperatorOptions? options = null) =>
            Main.AddOperator(new Operator(code, inputs, [output], options));

        public T[] Run<T>(InterpreterOptions? options = null) where T : unmanaged
        {
            var interpreter = new TfLite.Core.Interpreter.Interpreter(_graph, options);
            for (int i = 0; i < _values.Count; i++)
            {
                switch (_values[i])
                {
                    case sbyte[] v: interpreter.SetInput(i, v); break;
                    case short[] v: interpreter.SetInput(i, v); break;
                    case byte[] v: interpreter.SetInput(i, v); break;
                }
            }
            interpreter.Invoke();
            return interpreter.GetOutputArray<T>(0);
        }
    }
}
