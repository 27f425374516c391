using TfLite.Core.Graph;
using TfLite.Core.Quantization;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Quantization;

/// <summary>
/// FakeQuantWithMinMaxVars, FakeQuantWithMinMaxVarsPerChannel and FakeQuantWithMinMaxArgs for every num_bits and
/// narrow_range: constants come out fake-quantized exactly as TensorFlow's kernel computes them, activations carry the
/// nudged range, and integer quantization gives them the scale and zero point TOCO derives from that range.
/// </summary>
public class FakeQuantSemanticsTests
{
    private const int Width = 12;

    // A range around 0, symmetric ones (whose zero point lands on a half step in exact arithmetic), one above 0 and one
    // below it (the zero point clamps to an end of the grid).
    private static readonly (float Min, float Max)[] Ranges = [(-1.7f, 3.1f), (-4f, 4f), (-0.3f, 0.3f), (0.2f, 5f), (-6f, -0.5f)];

    // Values outside, at the ends of, and inside every range, including points between grid steps.
    private static readonly float[] Values = [-7f, -6f, -1.7f, -0.51f, -0.2f, 0f, 0.013f, 0.3f, 1.234f, 3.1f, 4.9f, 8f];

    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var op in new[] { "FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxArgs" })
            for (var bits = 2; bits <= 16; bits++)
            {
                data.Add(op, bits, false);
                data.Add(op, bits, true);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Constants_are_fake_quantized_and_activations_carry_the_nudged_range(string op, int bits, bool narrow)
    {
        foreach (var (graph, min, max, nudged) in Converted(op, bits, narrow))
        {
            foreach (var tensor in new[] { graph.Inputs[0], graph.Outputs[0] })
            {
                Assert.Equal([nudged.Min], tensor.Quantization!.Min!);
                Assert.Equal([nudged.Max], tensor.Quantization!.Max!);
            }
            // x = 0 leaves the sum equal to the fake-quantized constant (activation FakeQuants only record ranges).
            var actual = TfConversion.Run(graph, new float[Width]).Values;
            Assert.Equal(Values.Select(v => TfReference.FakeQuant(v, min, max, bits, narrow, out _, out _)), actual);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Integer_quantization_takes_tocos_scale_and_zero_point_from_the_nudged_range(string op, int bits, bool narrow)
    {
        foreach (var (graph, _, _, nudged) in Converted(op, bits, narrow))
        {
            var toco = TfReference.TocoUInt8(nudged.Min, nudged.Max);
            if (bits == 8 && !narrow)
            {
                // On TOCO's own grid the range is the FakeQuant's: same step, same zero point.
                Assert.Equal(nudged.ZeroPoint, toco.ZeroPoint);
                Assert.Equal(nudged.Scale, toco.Scale, 1e-6f * nudged.Scale);
            }
            foreach (var (io, zeroPoint) in new[] { (TensorType.UInt8, toco.ZeroPoint), (TensorType.Int8, toco.ZeroPoint - 128) })
            {
                var quantized = ModelQuantizer.Quantize(graph, new QuantizationOptions { Mode = QuantizationMode.Int8, InputType = io, OutputType = io });
                foreach (var tensor in new[] { quantized.Inputs[0], quantized.Outputs[0] })
                {
                    Assert.Equal(io, tensor.Type);
                    Assert.Equal([toco.Scale], tensor.Quantization!.Scale);
                    Assert.Equal([(long)zeroPoint], tensor.Quantization.ZeroPoint);
                }
            }
        }
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(4, true)]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public void Per_channel_ranges_quantize_constants_per_channel_and_cover_all_channels_of_an_activation(int bits, bool narrow)
    {
        float[] mins = [-1.7f, 0.2f, -6f], maxs = [3.1f, 5f, -0.5f];
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 3]);
        var constant = Values;
        g.Const("c", constant, 4, 3);
        PerChannel(g, "c_quant", "c", mins, maxs, bits, narrow);
        PerChannel(g, "x_quant", "x", mins, maxs, bits, narrow);
        g.FloatOp("AddV2", "sum", ["x_quant/FakeQuant", "c_quant/FakeQuant"]);

        var graph = TfConversion.Convert(g, "sum");
        var nudged = mins.Select((m, c) => TfReference.Nudge(m, maxs[c], bits, narrow)).ToArray();
        Assert.Equal([nudged.Min(n => n.Min)], graph.Inputs[0].Quantization!.Min!);
        Assert.Equal([nudged.Max(n => n.Max)], graph.Inputs[0].Quantization!.Max!);
        var actual = TfConversion.Run(graph, new float[3]).Values;
        Assert.Equal([4, 3], graph.Outputs[0].Shape);
        Assert.Equal(constant.Select((v, i) => TfReference.FakeQuant(v, mins[i % 3], maxs[i % 3], bits, narrow, out _, out _)), actual);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    public void Num_bits_outside_2_to_16_is_an_invalid_node(int bits)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 4]);
        g.FakeQuant("x_quant", "x", -1f, 1f, numBits: bits);
        var e = Assert.Throws<ModelFormatException>(() => TfConversion.Convert(g, "x_quant/FakeQuantWithMinMaxVars"));
        Assert.Equal("TfInvalidNode", e.ErrorId);
        Assert.Contains("x_quant/FakeQuantWithMinMaxVars", e.Message);
    }

    /// <summary>The graph of <see cref="Graph"/> converted for each range, with the range TensorFlow nudges it to.</summary>
    private static IEnumerable<(TfLiteGraph Graph, float Min, float Max, (float Min, float Max, float Scale, int ZeroPoint) Nudged)> Converted(string op, int bits, bool narrow) =>
        Ranges.Select(r => (TfConversion.Convert(Graph(op, r.Min, r.Max, bits, narrow), "y_quant/FakeQuant"), r.Min, r.Max, TfReference.Nudge(r.Min, r.Max, bits, narrow)));

    /// <summary>x [1, 12] -> FakeQuant -> + FakeQuant(constant) -> FakeQuant -> y, every FakeQuant with one range.</summary>
    private static TfGraphBuilder Graph(string op, float min, float max, int bits, bool narrow)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, Width]);
        g.Const("c", Values, Width);
        var c = FakeQuant(g, op, "c_quant", "c", min, max, bits, narrow);
        var x = FakeQuant(g, op, "x_quant", "x", min, max, bits, narrow);
        g.FloatOp("AddV2", "sum", [x, c]);
        FakeQuant(g, op, "y_quant", "sum", min, max, bits, narrow);
        return g;
    }

    private static string FakeQuant(TfGraphBuilder g, string op, string scope, string input, float min, float max, int bits, bool narrow)
    {
        var name = $"{scope}/FakeQuant";
        if (op == "FakeQuantWithMinMaxArgs")
            return g.Op(op, name, [input], ("min", Float(min)), ("max", Float(max)), ("num_bits", Int(bits)), ("narrow_range", Bool(narrow)));
        g.Scalar($"{scope}/min", min);
        g.Scalar($"{scope}/max", max);
        return g.Op(op, name, [input, $"{scope}/min", $"{scope}/max"], ("num_bits", Int(bits)), ("narrow_range", Bool(narrow)));
    }

    private static void PerChannel(TfGraphBuilder g, string scope, string input, float[] mins, float[] maxs, int bits, bool narrow)
    {
        g.Const($"{scope}/min", mins, mins.Length);
        g.Const($"{scope}/max", maxs, maxs.Length);
        g.Op("FakeQuantWithMinMaxVarsPerChannel", $"{scope}/FakeQuant", [input, $"{scope}/min", $"{scope}/max"], ("num_bits", Int(bits)), ("narrow_range", Bool(narrow)));
    }
}
