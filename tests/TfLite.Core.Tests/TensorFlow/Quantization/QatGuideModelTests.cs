using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.TensorFlow;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.TensorFlow.Quantization;

/// <summary>
/// The TF1 quantization-aware training guide's route end to end: its frozen eval graph (<see cref="QatGuideGraph"/>)
/// imported, quantized to uint8 from the FakeQuant ranges alone with the input statistics (mean 0, std 1) that
/// <c>Optimize-TfLiteModel -Mode Int8 -InputType UInt8 -OutputType UInt8 -InputStats 0,1</c> passes, exported, and run
/// in LiteRT and in our interpreter.
/// </summary>
[Trait("Category", "Conformance")]
public class QatGuideModelTests
{
    private static readonly QuantizationOptions GuideOptions = new()
    {
        Mode = QuantizationMode.Int8,
        InputType = TensorType.UInt8,
        OutputType = TensorType.UInt8,
        InputStats = (0f, 1f),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float_conversion_folds_the_batch_norm_and_computes_the_graphs_plain_math(bool maximumTrick)
    {
        var graph = Import(maximumTrick);
        Assert.Equal([BuiltinOperator.Conv2D, BuiltinOperator.ResizeBilinear, BuiltinOperator.Conv2D], graph.Main.Operators.Select(o => o.Code));
        Assert.Equal(QatGuideGraph.Output(maximumTrick), graph.Outputs[0].Name);
        for (var seed = 0; seed < 3; seed++)
        {
            var input = Pixels(seed);
            var (actual, shape) = TfConversion.Run(graph, [.. input.Select(b => (float)b)]);
            Assert.Equal([1, 8, 8, 2], shape);
            TfConversion.AssertClose(Reference(input, fakeQuantActivations: false), actual, 1e-4f);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_last_fakequant_range_is_on_the_output_and_the_maximum_trick_goes(bool maximumTrick)
    {
        var graph = Import(maximumTrick);
        var nudged = TfReference.Nudge(QatGuideGraph.OutputRange.Min, QatGuideGraph.OutputRange.Max, 8, narrow: false);
        Assert.Equal([nudged.Min], graph.Outputs[0].Quantization!.Min!);
        Assert.Equal([nudged.Max], graph.Outputs[0].Quantization!.Max!);

        var file = TfLiteReader.Read(TfLiteWriter.Write(ModelQuantizer.Quantize(graph, GuideOptions)));
        Assert.DoesNotContain(file.Main.Operators, o => o.Code == BuiltinOperator.Maximum);
    }

    [Fact]
    public void Every_activation_takes_its_scale_and_zero_point_from_its_fakequant_range()
    {
        var quantized = ModelQuantizer.Quantize(Import(maximumTrick: true), GuideOptions);
        var input = quantized.Inputs[0];
        Assert.Equal(TensorType.UInt8, input.Type);
        // quantized_input_stats (mean 0, std 1): real = (q - 0) / 1.
        Assert.Equal([1f], input.Quantization!.Scale);
        Assert.Equal([0L], input.Quantization.ZeroPoint);

        var convolutions = quantized.Main.Operators.Where(o => o.Code == BuiltinOperator.Conv2D).ToList();
        var resize = Assert.Single(quantized.Main.Operators, o => o.Code == BuiltinOperator.ResizeBilinear);
        var conv1 = Nudged(QatGuideGraph.Conv1ActRange);
        AssertInt8(conv1, convolutions[0].Outputs[0]);
        // RESIZE_BILINEAR keeps its input's parameters (TOCO hardcodes them from the first input).
        AssertInt8(conv1, resize.Outputs[0]);
        var output = Nudged(QatGuideGraph.OutputRange);
        AssertInt8(output, convolutions[1].Outputs[0]);
        Assert.Equal(TensorType.UInt8, quantized.Outputs[0].Type);
        Assert.Equal([output.Scale], quantized.Outputs[0].Quantization!.Scale);
        Assert.Equal([(long)output.ZeroPoint], quantized.Outputs[0].Quantization!.ZeroPoint);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Uint8_file_gives_exactly_litert_outputs_in_our_interpreter(bool maximumTrick)
    {
        var bytes = TfLiteWriter.Write(ModelQuantizer.Quantize(Import(maximumTrick), GuideOptions));
        using var dir = new TempDir();
        var path = dir.Write("qat_guide_uint8.tflite", bytes);
        var ours = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.Read(bytes), new InterpreterOptions { Rounding = RoundingMode.Xnnpack });
        var output = Nudged(QatGuideGraph.OutputRange);
        for (var seed = 0; seed < 3; seed++)
        {
            var input = Pixels(seed);
            var lite = OracleRunner.Run(path, [OracleTensor.UInt8(QatGuideGraph.InputShape, input)]);
            ours.SetInput(0, input);
            ours.Invoke();
            var mine = ours.GetOutputArray<byte>(0);
            Assert.Equal((byte[])lite.Outputs[0].Values, mine);
            // And the integer model stays within a few steps of what TensorFlow computes for the eval graph.
            var trained = Reference(input, fakeQuantActivations: true);
            for (var i = 0; i < trained.Length; i++)
                Assert.True(Math.Abs(output.Scale * (mine[i] - output.ZeroPoint) - trained[i]) <= 3 * output.Scale,
                    $"element {i}: uint8 {mine[i]} is {output.Scale * (mine[i] - output.ZeroPoint)}, the eval graph gives {trained[i]}");
        }
    }

    private static TfLiteGraph Import(bool maximumTrick)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "qat_guide_frozen.pb");
        QatGuideGraph.Write(path, maximumTrick);
        return TfImporter.Import(path);
    }

    private static byte[] Pixels(int seed)
    {
        var pixels = new byte[QatGuideGraph.InputShape.Aggregate(1, (a, d) => a * d)];
        new Random(100 + seed).NextBytes(pixels);
        return pixels;
    }

    private static (float Scale, int ZeroPoint) Nudged((float Min, float Max) range)
    {
        var nudged = TfReference.Nudge(range.Min, range.Max, 8, narrow: false);
        return TfReference.TocoUInt8(nudged.Min, nudged.Max);
    }

    private static void AssertInt8((float Scale, int ZeroPoint) expected, Tensor tensor)
    {
        Assert.Equal(TensorType.Int8, tensor.Type);
        Assert.Equal([expected.Scale], tensor.Quantization!.Scale);
        Assert.Equal([(long)expected.ZeroPoint - 128], tensor.Quantization.ZeroPoint);
    }

    /// <summary>
    /// The graph's math in plain code: conv1 with the folded, fake-quantized weights and the batch norm's shift, ReLU,
    /// bilinear resize to twice the size, conv2 1x1 with its fake-quantized weights and bias. The FakeQuants on
    /// activations round only with <paramref name="fakeQuantActivations"/> (what TensorFlow computes for the eval
    /// graph); the float model records their ranges instead of rounding to them.
    /// </summary>
    private static float[] Reference(byte[] pixels, bool fakeQuantActivations)
    {
        float[] Activation(float[] values, (float Min, float Max) range) => fakeQuantActivations
            ? TfReference.Map(values, v => TfReference.FakeQuant(v, range.Min, range.Max, 8, false, out _, out _))
            : values;

        var x = pixels.Select(b => (float)b).ToArray();
        var folded = QatGuideGraph.FoldedConv1Weights();
        var weights1 = folded.Select(w => TfReference.FakeQuant(w, folded.Min(), folded.Max(), 8, true, out _, out _)).ToArray();
        var mul = QatGuideGraph.BatchNormMultiplier();
        var shift = QatGuideGraph.Beta.Select((b, c) => b - QatGuideGraph.MovingMean[c] * mul[c]).ToArray();
        var conv1 = TfReference.Conv2D(x, QatGuideGraph.InputShape, weights1, [3, 3, 3, 4], 2, same: true, out var shape1);
        var relu = Activation(TfReference.Map(TfReference.AddChannels(conv1, shift), v => Math.Max(v, 0)), QatGuideGraph.Conv1ActRange);
        var resized = TfReference.ResizeBilinear(relu, shape1, shape1[1] * 2, shape1[2] * 2);
        var w2 = QatGuideGraph.Conv2Weights;
        var weights2 = w2.Select(w => TfReference.FakeQuant(w, w2.Min(), w2.Max(), 8, true, out _, out _)).ToArray();
        var conv2 = TfReference.Conv2D(resized, [1, shape1[1] * 2, shape1[2] * 2, 4], weights2, [1, 1, 4, 2], 1, same: true, out _);
        return Activation(TfReference.AddChannels(conv2, QatGuideGraph.Conv2Biases), QatGuideGraph.OutputRange);
    }
}
