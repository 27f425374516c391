using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>
/// The three int16 kernels where LiteRT's builtin arithmetic is not TFLite Micro's: FULLY_CONNECTED (whole
/// multiplier, one rounding), MUL (scale ratio taken in float) and QUANTIZE to int16 (division in double); and the
/// double rounding LiteRT keeps for int16 operators even where it rounds 8-bit ones once. Each test builds a
/// one-operator model, picks inputs where the arithmetics disagree, and checks against plain computations written
/// here: LiteRT's arithmetic for the oracle and for our interpreter in <see cref="RoundingMode.Xnnpack"/>, TFLite
/// Micro's for our interpreter in <see cref="RoundingMode.Double"/>.
/// </summary>
public sealed class LiteRtInt16ArithmeticTests
{
    private const float InputScale = 0.0004f, WeightScale = 0.01f, FcOutputScale = 0.0032f;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FullyConnected_scales_64_bit_sums_by_the_whole_multiplier(bool withBias)
    {
        const int batches = 32, depth = 32, units = 8;
        var random = new Random(withBias ? 11 : 12);
        var input = Enumerable.Range(0, batches * depth).Select(_ => (short)random.Next(-12000, 12001)).ToArray();
        var weights = Enumerable.Range(0, units * depth).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var bias = Enumerable.Range(0, units).Select(_ => (long)random.Next(-100_000, 100_001)).ToArray();

        // With a bias LiteRT takes the scales' product in double, without one in float.
        double real = withBias ? (double)InputScale * WeightScale / FcOutputScale : (double)(InputScale * WeightScale) / FcOutputScale;
        var (multiplier, shift) = Q31(real);
        // TFLite Micro: the scales' product in float, and a 64-bit sum scaled by the multiplier reduced to 15 bits.
        var (microMultiplier, microShift) = Q31((double)(InputScale * WeightScale) / FcOutputScale);
        var expected = new short[batches * units];
        var micro = new short[batches * units];
        int differFromReduced = 0;
        for (int b = 0; b < batches; b++)
            for (int u = 0; u < units; u++)
            {
                long acc = withBias ? bias[u] : 0;
                for (int d = 0; d < depth; d++) acc += (long)input[b * depth + d] * weights[u * depth + d];
                long full = (long)RoundHalfUp(acc * (BigInteger)multiplier, 31 - shift);
                long reduced = (long)RoundHalfUp(acc * (BigInteger)((microMultiplier + (1 << 15)) >> 16), 15 - microShift);
                expected[b * units + u] = (short)Math.Clamp(full, short.MinValue, short.MaxValue);
                micro[b * units + u] = (short)Math.Clamp(reduced, short.MinValue, short.MaxValue);
                if (full != reduced) differFromReduced++;
            }
        Assert.True(differFromReduced > 0, "the inputs must tell the whole multiplier from TFLite Micro's reduced one");

        var graph = TfLiteGraph.CreateEmpty("fc16");
        var x = Int16Input(graph, "x", [batches, depth], InputScale);
        var w = graph.Main.AddTensor(Tensor.Constant("w", TensorType.Int8, [units, depth], weights.AsSpan()));
        w.Quantization = QuantizationParameters.PerTensor(WeightScale, 0);
        Tensor? biasTensor = null;
        if (withBias)
        {
            biasTensor = graph.Main.AddTensor(Tensor.Constant("b", TensorType.Int64, [units], bias.AsSpan()));
            biasTensor.Quantization = QuantizationParameters.PerTensor(InputScale * WeightScale, 0);
        }
        var y = Int16Output(graph, "y", [batches, units], FcOutputScale);
        graph.Main.AddOperator(new Operator(BuiltinOperator.FullyConnected, [x, w, biasTensor], [y], new FullyConnectedOptions()));

        AssertOursAndLiteRt(graph, OracleTensor.Int16([batches, depth], input), i => i.SetInput(0, input, new[] { batches, depth }), expected, micro);
    }

    [Fact]
    public void Mul_takes_the_scale_ratio_in_float()
    {
        var (floatMultiplier, floatShift) = Q31(MulInScale * MulInScale / MulOutScale);
        var (doubleMultiplier, doubleShift) = Q31((double)MulInScale * MulInScale / MulOutScale);
        Assert.NotEqual(floatMultiplier, doubleMultiplier);
        // Products that land on different sides of a half with the two multipliers.
        AssertMul((a, b) => DoubleRounding(a * b, floatMultiplier, floatShift) != DoubleRounding(a * b, doubleMultiplier, doubleShift));
    }

    [Fact]
    public void Xnnpack_mode_rounds_int16_operators_twice_as_LiteRT_does()
    {
        // XNNPACK takes no int16 tensors: LiteRT runs these in TFLite's builtin kernels, built with double rounding.
        var (multiplier, shift) = Q31(MulInScale * MulInScale / MulOutScale);
        AssertMul((a, b) => DoubleRounding(a * b, multiplier, shift) != (long)RoundHalfUp(a * b * (BigInteger)multiplier, 31 - shift));
    }

    // Q0.15 gate values times Q0.15 values into a slightly smaller scale, as in an LSTM cell.
    private const float MulInScale = 1f / 32768, MulOutScale = 3.0506375E-05f;

    /// <summary>MUL of 64 pairs chosen by <paramref name="telling"/> and 192 ordinary ones: LiteRT takes the scale
    /// ratio in float, TFLite Micro in double; both round twice.</summary>
    private static void AssertMul(Func<short, short, bool> telling)
    {
        var (multiplier, shift) = Q31(MulInScale * MulInScale / MulOutScale);
        var (microMultiplier, microShift) = Q31((double)MulInScale * MulInScale / MulOutScale);
        var random = new Random(5);
        var pairs = new List<(short A, short B)>();
        while (pairs.Count < 64)
        {
            var (a, b) = ((short)random.Next(-32768, 32768), (short)random.Next(-32768, 32768));
            if (telling(a, b)) pairs.Add((a, b));
        }
        while (pairs.Count < 256) pairs.Add(((short)random.Next(-32768, 32768), (short)random.Next(-32768, 32768)));
        var first = pairs.Select(p => p.A).ToArray();
        var second = pairs.Select(p => p.B).ToArray();
        var expected = pairs.Select(p => (short)Math.Clamp(DoubleRounding(p.A * p.B, multiplier, shift), short.MinValue, short.MaxValue)).ToArray();
        var micro = pairs.Select(p => (short)Math.Clamp(DoubleRounding(p.A * p.B, microMultiplier, microShift), short.MinValue, short.MaxValue)).ToArray();

        var graph = TfLiteGraph.CreateEmpty("mul16");
        int n = pairs.Count;
        var a0 = Int16Input(graph, "a", [n], MulInScale);
        var b0 = Int16Input(graph, "b", [n], MulInScale);
        var y = Int16Output(graph, "y", [n], MulOutScale);
        graph.Main.AddOperator(new Operator(BuiltinOperator.Mul, [a0, b0], [y], new MulOptions()));

        AssertOursAndLiteRt(graph, [OracleTensor.Int16([n], first), OracleTensor.Int16([n], second)], i =>
        {
            i.SetInput(0, first, new[] { n });
            i.SetInput(1, second, new[] { n });
        }, expected, micro);
    }

    [Fact]
    public void Quantize_to_int16_divides_in_double()
    {
        const float scale = 3.0518426E-05f;
        var random = new Random(3);
        var values = new List<float>();
        while (values.Count < 32)
        {
            float v = (float)random.NextDouble();
            if (MathF.Round(v / scale, MidpointRounding.AwayFromZero) != Math.Round(v / (double)scale, MidpointRounding.AwayFromZero)) values.Add(v);
        }
        while (values.Count < 128) values.Add((float)(random.NextDouble() * 2 - 1));
        var input = values.ToArray();
        var expected = input.Select(v => (short)Math.Clamp(Math.Round(v / (double)scale, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue)).ToArray();
        var micro = input.Select(v => (short)Math.Clamp(MathF.Round(v / scale, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue)).ToArray();

        var graph = TfLiteGraph.CreateEmpty("quantize16");
        int n = input.Length;
        var x = graph.Main.AddTensor(new Tensor("x", TensorType.Float32, [n]));
        graph.Main.Inputs.Add(x);
        var y = Int16Output(graph, "y", [n], scale);
        graph.Main.AddOperator(new Operator(BuiltinOperator.Quantize, [x], [y]));

        AssertOursAndLiteRt(graph, OracleTensor.Float32([n], input), i => i.SetInput(0, input, new[] { n }), expected, micro);
    }

    private static void AssertOursAndLiteRt(TfLiteGraph graph, OracleTensor input, Action<TfLite.Core.Interpreter.Interpreter> setInputs,
        short[] expected, short[] micro) =>
        AssertOursAndLiteRt(graph, [input], setInputs, expected, micro);

    /// <summary><paramref name="expected"/> is LiteRT's arithmetic: the oracle's and ours in Xnnpack mode;
    /// <paramref name="micro"/> is TFLite Micro's: ours in Double mode. The two must differ somewhere.</summary>
    private static void AssertOursAndLiteRt(TfLiteGraph graph, IReadOnlyList<OracleTensor> inputs, Action<TfLite.Core.Interpreter.Interpreter> setInputs,
        short[] expected, short[] micro)
    {
        Assert.NotEqual(expected, micro);
        var bytes = TfLiteWriter.Write(graph);
        foreach (var (rounding, want) in new[] { (RoundingMode.Xnnpack, expected), (RoundingMode.Double, micro) })
        {
            var ours = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.Read(bytes), new InterpreterOptions { Rounding = rounding });
            setInputs(ours);
            ours.Invoke();
            Assert.Equal(want, ours.GetOutputArray<short>(0));
        }
        var lite = OracleRunner.Run(bytes, inputs);
        Assert.Equal(expected.Select(v => (double)v).ToArray(), lite.Outputs[0].ToDoubles());
    }

    private static Tensor Int16Input(TfLiteGraph graph, string name, int[] shape, float scale)
    {
        var t = graph.Main.AddTensor(new Tensor(name, TensorType.Int16, shape) { Quantization = QuantizationParameters.PerTensor(scale, 0) });
        graph.Main.Inputs.Add(t);
        return t;
    }

    private static Tensor Int16Output(TfLiteGraph graph, string name, int[] shape, float scale)
    {
        var t = graph.Main.AddTensor(new Tensor(name, TensorType.Int16, shape) { Quantization = QuantizationParameters.PerTensor(scale, 0) });
        graph.Main.Outputs.Add(t);
        return t;
    }

    /// <summary>real = multiplier · 2^(shift − 31) with the multiplier in [2^30, 2^31), rounded half away from zero.</summary>
    private static (long Multiplier, int Shift) Q31(double real)
    {
        int shift = Math.ILogB(real) + 1;
        long multiplier = (long)Math.Round(Math.ScaleB(real, 31 - shift), MidpointRounding.AwayFromZero);
        return multiplier == 1L << 31 ? (multiplier / 2, shift + 1) : (multiplier, shift);
    }

    /// <summary>value / 2^bits rounded half up (toward +∞), exactly.</summary>
    private static BigInteger RoundHalfUp(BigInteger value, int bits) => (value + (BigInteger.One << (bits - 1))) >> bits;

    /// <summary>value / 2^bits rounded half away from zero, exactly.</summary>
    private static BigInteger RoundHalfAway(BigInteger value, int bits) =>
        value.Sign < 0 ? -RoundHalfUp(-value, bits) : RoundHalfUp(value, bits);

    /// <summary>gemmlowp's two roundings: the product to Q0.31 steps half up, then the right shift (shift ≤ 0) half away
    /// from zero.</summary>
    private static long DoubleRounding(int product, long multiplier, int shift) =>
        (long)RoundHalfAway(RoundHalfUp(product * (BigInteger)multiplier, 31), -shift);
}
