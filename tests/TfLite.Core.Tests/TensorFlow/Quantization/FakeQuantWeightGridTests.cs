using TfLite.Core.Graph;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.TensorFlow.Quantization;

/// <summary>
/// Weights a quantization-aware graph fake-quantized lie on the FakeQuant's grid (step s = (max - min) / 255 after
/// nudging). Int8 quantization stores a channel whose values are k × s with |k| ≤ 127 with scale s and codes k,
/// exactly; a channel reaching beyond ±127 falls back to max|w| / 127; a pass that rescales the weights drops the
/// grid, and the grid never reaches a float file.
/// </summary>
public sealed class FakeQuantWeightGridTests
{
    private const int OutChannels = 3;

    // [-1, 1] nudges to zero point 128 (255 steps: codes -128..127), so only the minimum itself falls off int8's ±127.
    private const float Min = -1f, Max = 1f;

    private static float Step => TfReference.Nudge(Min, Max, 8, false).Scale;

    /// <summary>HWIO [2, 2, 2, 3] filter values within ±0.9, so every code fits ±127.</summary>
    private static float[] Filter => TfGraphBuilder.Random(2 * 2 * 2 * OutChannels, seed: 7, scale: 0.9f);

    [Fact]
    public void Conv_weights_on_the_grid_are_stored_with_its_step_and_their_exact_codes()
    {
        var filter = Filter;
        var weights = ConvWeights(Quantized(Converted(ConvGraph(filter))));
        Assert.Equal(TensorType.Int8, weights.Type);
        Assert.Equal(Enumerable.Repeat(Step, OutChannels), weights.Quantization!.Scale);
        Assert.Equal(new long[OutChannels], weights.Quantization.ZeroPoint);
        // TFLite's OHWI from TensorFlow's HWIO: output channel o, then h, w, i.
        var expected = Ohwi(filter).Select(v => (sbyte)Math.Round(Fq(v) / Step)).ToArray();
        Assert.Equal(expected, weights.GetData<sbyte>().ToArray());
    }

    [Fact]
    public void A_channel_reaching_the_grids_minimum_falls_back_to_max_abs_over_127()
    {
        var filter = Filter;
        filter[1] = -1f; // output channel 1 gets code -128
        var weights = ConvWeights(Quantized(Converted(ConvGraph(filter))));
        var fallback = MathF.Abs(Fq(-1f)) / 127f;
        Assert.Equal([Step, fallback, Step], weights.Quantization!.Scale);
        var codes = weights.GetData<sbyte>().ToArray();
        var ohwi = Ohwi(filter);
        var perChannel = ohwi.Length / OutChannels;
        for (var i = 0; i < ohwi.Length; i++)
        {
            var scale = i / perChannel == 1 ? fallback : Step;
            Assert.Equal((sbyte)Math.Clamp(Math.Round(Fq(ohwi[i]) / scale, MidpointRounding.AwayFromZero), -127, 127), codes[i]);
        }
    }

    [Fact]
    public void Fully_connected_weights_on_the_grid_go_per_channel_with_the_grids_step()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 4]);
        var x = g.FakeQuant("x_quant", "x", -2f, 2f);
        var kUnits = TfGraphBuilder.Random(4 * OutChannels, seed: 3, scale: 0.9f);
        kUnits[5] = -1f; // unit 2 reaches code -128: one scale for the whole tensor could not hold the grid
        g.Const("w", kUnits, 4, OutChannels);
        var w = g.FakeQuant("w_quant", "w", Min, Max);
        g.MatMul("y", x, w);
        g.FakeQuant("y_quant", "y", -4f, 4f);
        var graph = Quantized(Converted(g));
        var weights = graph.Main.Operators.Single(o => o.Code == BuiltinOperator.FullyConnected).Inputs[1]!;
        var fallback = MathF.Abs(Fq(-1f)) / 127f;
        Assert.Equal(0, weights.Quantization!.QuantizedDimension);
        Assert.Equal([Step, Step, fallback], weights.Quantization.Scale);
        // [units, K] from TensorFlow's [K, units].
        var codes = weights.GetData<sbyte>().ToArray();
        for (var u = 0; u < 2; u++)
            for (var k = 0; k < 4; k++)
                Assert.Equal((sbyte)Math.Round(Fq(kUnits[k * OutChannels + u]) / Step), codes[u * 4 + k]);
    }

    [Fact]
    public void A_pass_that_rescales_the_weights_drops_the_grid_and_one_that_only_moves_the_bias_keeps_it()
    {
        var scaled = ConvWeights(Converted(ConvGraph(Filter, "Mul")));
        var shifted = ConvWeights(Converted(ConvGraph(Filter, "AddV2")));
        Assert.Null(scaled.WeightGrid);
        Assert.Equal([Step], shifted.WeightGrid!);
        // Scaled by 0.37 per channel the values are off the grid: every channel takes max|w| / 127.
        var values = scaled.GetData<float>().ToArray();
        var perChannel = values.Length / OutChannels;
        var quantized = ConvWeights(Quantized(Converted(ConvGraph(Filter, "Mul"))));
        for (var c = 0; c < OutChannels; c++)
            Assert.Equal(values.Skip(c * perChannel).Take(perChannel).Max(MathF.Abs) / 127f, quantized.Quantization!.Scale[c]);
    }

    [Fact]
    public void The_grid_is_not_written_into_a_float_file()
    {
        var written = TfLiteReader.Read(TfLiteWriter.Write(Converted(ConvGraph(Filter))));
        var weights = ConvWeights(written);
        Assert.Null(weights.Quantization);
        Assert.Null(weights.WeightGrid);
    }

    /// <summary>FakeQuant per TensorFlow's kernel on the weights' range.</summary>
    private static float Fq(float v) => TfReference.FakeQuant(v, Min, Max, 8, false, out _, out _);

    private static float[] Ohwi(float[] hwio)
    {
        var result = new float[hwio.Length];
        var perChannel = hwio.Length / OutChannels;
        for (var i = 0; i < hwio.Length; i++) result[i % OutChannels * perChannel + i / OutChannels] = hwio[i];
        return result;
    }

    private static TfLiteGraph Converted(TfGraphBuilder g) => TfConversion.Convert(g, "y_quant/FakeQuantWithMinMaxVars");

    private static TfLiteGraph Quantized(TfLiteGraph graph) =>
        ModelQuantizer.Quantize(graph, new QuantizationOptions { Mode = QuantizationMode.Int8 });

    private static Tensor ConvWeights(TfLiteGraph graph) => graph.Main.Operators.Single(o => o.Code == BuiltinOperator.Conv2D).Inputs[1]!;

    /// <summary>x [1, 3, 3, 2] -> FakeQuant -> Conv2D with a FakeQuant'd filter [-> per-channel Mul or AddV2]
    /// -> FakeQuant.</summary>
    private static TfGraphBuilder ConvGraph(float[] filter, string? perChannelOp = null)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 3, 3, 2]);
        var x = g.FakeQuant("x_quant", "x", -2f, 2f);
        g.Const("w", filter, 2, 2, 2, OutChannels);
        var w = g.FakeQuant("w_quant", "w", Min, Max);
        var y = g.Conv2D("conv", x, w);
        if (perChannelOp is not null)
        {
            g.Const("k", [0.37f, 0.37f, 0.37f], OutChannels);
            y = g.FloatOp(perChannelOp, "folded", [y, "k"]);
        }
        g.FakeQuant("y_quant", y, -8f, 8f);
        return g;
    }
}
