using System.Globalization;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Quantization;
using TfLite.Core.Quantization.Optimization;
using TfLite.Core.Serialization;
using TfLite.Core.TensorFlow;
using TfLite.Core.Tests.Conformance.Harness;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;
using Xunit.Abstractions;

namespace TfLite.Core.Tests.TensorFlow.RealFiles;

/// <summary>
/// TensorFlow Lite Micro's micro_speech model: a quantization-aware TF1 graph (FakeQuantWithMinMaxVars from
/// <c>tf.contrib.quantize</c>) with TensorFlow's own uint8 conversion of it (TOCO, <c>QUANTIZED_UINT8</c>, mean 0,
/// std 9.8077). Quantized from the graph's own ranges the way <c>Optimize-TfLiteModel -Mode Int8 -InputType UInt8
/// -OutputType UInt8 -InputStats 0,9.8077</c> does, our file must use TensorFlow's activation scales and zero points,
/// be at least as accurate as TensorFlow's file against the float model, and compute in LiteRT exactly what our
/// interpreter computes with <see cref="RoundingMode.Xnnpack"/>.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class RealQatGraphTests(ITestOutputHelper output)
{
    private const string Slug = "siliconlabs-micro-speech-qat-tf1";
    private const int Samples = 20;

    /// <summary>TensorFlow's <c>--mean_values=0 --std_dev_values=9.8077</c>.</summary>
    private static readonly (float Mean, float Std) InputStats = (0f, 9.8077f);

    private static string GraphPath => RepoData.Tf(Slug, "model.pb");
    private static string TfPath => RepoData.Tf(Slug, "model.tflite");

    /// <summary>The arrays and shape of the micro_speech README's <c>toco</c> command.</summary>
    private static TfLiteGraph ImportFloat() => TfImporter.Import(GraphPath, new TfImportOptions
    {
        InputNames = ["Reshape_2"],
        OutputNames = ["labels_softmax"],
        InputShapes = new Dictionary<string, int[]> { ["Reshape_2"] = [1, 49, 40, 1] },
    });

    private static TfLiteGraph Quantize(TfLiteGraph floatGraph) => ModelOptimizer.Optimize(floatGraph, new OptimizationRequest
    {
        Quantization = new QuantizationOptions
        {
            Mode = QuantizationMode.Int8,
            InputType = TensorType.UInt8,
            OutputType = TensorType.UInt8,
            InputStats = InputStats,
        },
    }).Graph;

    /// <summary>
    /// Tensors are matched by position in the chain of computing operators (RESHAPE, QUANTIZE and DEQUANTIZE left
    /// out: TOCO drops the RESHAPE before FULLY_CONNECTED and lowers the one-channel CONV_2D to DEPTHWISE_CONV_2D):
    /// the input and output of the k-th operator of ours against the k-th of TensorFlow's. An int8 zero point is
    /// compared as its uint8 equivalent (+128, same scale).
    /// </summary>
    [Fact]
    public void Activation_scales_and_zero_points_are_tensorflows()
    {
        var ours = Chain(TfLiteReader.Read(TfLiteWriter.Write(Quantize(ImportFloat()))));
        var theirs = Chain(TfLiteReader.ReadFile(TfPath));
        Assert.Equal(theirs.Select(o => Kind(o.Code)), ours.Select(o => Kind(o.Code)));
        for (var k = 0; k < ours.Count; k++)
        {
            AssertSameActivation(theirs[k].Inputs[0]!, ours[k].Inputs[0]!, $"input of operator {k} ({ours[k].Code})");
            AssertSameActivation(theirs[k].Outputs[0], ours[k].Outputs[0], $"output of operator {k} ({ours[k].Code})");
        }
    }

    /// <summary>On the same 20 seeded uint8 inputs, our file's signal-to-noise ratio against the float model is at
    /// least TensorFlow's file's.</summary>
    /// <remarks>The float model's weights are the fake-quantized ones, on the graph's asymmetric uint8 grid, which
    /// TensorFlow's uint8 file stores exactly. Our int8 weights keep that grid's step as the scale of every channel
    /// whose codes fit ±127 (the FULLY_CONNECTED weights go per channel for it); re-rounding them onto max|w|/127
    /// instead cost about 5 dB.</remarks>
    [Fact]
    public void Our_file_is_as_accurate_as_tensorflows()
    {
        var floatGraph = ImportFloat();
        var inputs = SeededFeatures();
        using var dir = new TempDir();
        var floatPath = dir.Write("float.tflite", TfLiteWriter.Write(floatGraph));
        var oursPath = dir.Write("ours.tflite", TfLiteWriter.Write(Quantize(floatGraph)));
        var inputScale = 1 / InputStats.Std;

        double signal = 0, ourNoise = 0, tfNoise = 0;
        foreach (var sample in inputs)
        {
            var truth = RunOracle(floatPath, OracleTensor.FromDoubles("float32", [1, 49, 40, 1], [.. sample.Select(v => v * (double)inputScale)]));
            var ours = RunOracle(oursPath, Uint8(sample));
            var tf = RunOracle(TfPath, Uint8(sample));
            for (var i = 0; i < truth.Length; i++)
            {
                signal += truth[i] * truth[i];
                ourNoise += (ours[i] - truth[i]) * (ours[i] - truth[i]);
                tfNoise += (tf[i] - truth[i]) * (tf[i] - truth[i]);
            }
        }
        var ourSnr = Snr(signal, ourNoise);
        var tfSnr = Snr(signal, tfNoise);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SNR against the float model: ours {ourSnr:F2} dB, TensorFlow's {tfSnr:F2} dB"));
        Assert.True(ourSnr >= tfSnr, string.Create(CultureInfo.InvariantCulture, $"our SNR {ourSnr:F2} dB < TensorFlow's {tfSnr:F2} dB"));
    }

    /// <summary>Our quantized file gives in LiteRT exactly the uint8 outputs of our interpreter in XNNPACK rounding.</summary>
    [Fact]
    public void Our_quantized_file_runs_in_litert_as_in_our_interpreter()
    {
        var quantized = TfLiteReader.Read(TfLiteWriter.Write(Quantize(ImportFloat())));
        using var dir = new TempDir();
        var path = dir.Write("ours.tflite", TfLiteWriter.Write(quantized));
        var interpreter = new TfLite.Core.Interpreter.Interpreter(quantized, new InterpreterOptions { Rounding = RoundingMode.Xnnpack });
        foreach (var sample in SeededFeatures())
        {
            var lite = OracleRunner.Run(path, [Uint8(sample)]).Outputs[0].ToDoubles();
            interpreter.SetInput(0, sample, new[] { 1, 49, 40, 1 });
            interpreter.Invoke();
            Assert.Equal(lite, interpreter.GetOutputArray<byte>(0).Select(v => (double)v));
        }
    }

    /// <summary>TensorFlow's own uint8 file (asymmetric uint8 weights, uint8 DEPTHWISE_CONV_2D and FULLY_CONNECTED)
    /// gives in LiteRT exactly the outputs of our interpreter in XNNPACK rounding, with the vector kernels.</summary>
    [Fact]
    public void Tensorflows_uint8_file_runs_in_litert_as_in_our_interpreter()
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.ReadFile(TfPath),
            new InterpreterOptions { Rounding = RoundingMode.Xnnpack, UseSimd = true });
        foreach (var sample in SeededFeatures())
        {
            var lite = OracleRunner.Run(TfPath, [Uint8(sample)]).Outputs[0].ToDoubles();
            interpreter.SetInput(0, sample, new[] { 1, 49, 40, 1 });
            interpreter.Invoke();
            Assert.Equal(lite, interpreter.GetOutputArray<byte>(0).Select(v => (double)v));
        }
    }

    /// <summary>Seeded uint8 features: the model's input is a 49×40 spectrogram quantized with scale 1/9.8077, so
    /// every uint8 value is a valid feature.</summary>
    private static List<byte[]> SeededFeatures()
    {
        var rng = SeededInputs.For(Slug);
        return [.. Enumerable.Range(0, Samples).Select(_ => rng.Indices(49 * 40, 256).Select(v => (byte)v).ToArray())];
    }

    private static OracleTensor Uint8(byte[] sample) => OracleTensor.FromDoubles("uint8", [1, 49, 40, 1], [.. sample.Select(v => (double)v)]);

    /// <summary>The model's single output, dequantized where it is quantized.</summary>
    private static double[] RunOracle(string path, OracleTensor input)
    {
        var y = OracleRunner.Run(path, [input], new OracleOptions { Dequantize = true }).Outputs[0];
        return y.Dequantized ?? y.ToDoubles();
    }

    private static double Snr(double signal, double noise) => noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);

    private static List<Operator> Chain(TfLiteGraph graph) =>
        [.. graph.Main.Operators.Where(o => o.Code is not (BuiltinOperator.Reshape or BuiltinOperator.Quantize or BuiltinOperator.Dequantize))];

    /// <summary>A one-channel convolution is the same computation as CONV_2D or DEPTHWISE_CONV_2D.</summary>
    private static string Kind(BuiltinOperator code) => code is BuiltinOperator.Conv2D or BuiltinOperator.DepthwiseConv2D ? "convolution" : code.ToString();

    private static void AssertSameActivation(Tensor theirs, Tensor ours, string what)
    {
        var t = theirs.Quantization ?? throw new InvalidOperationException($"TensorFlow's {what} is not quantized.");
        var o = ours.Quantization;
        Assert.True(o is { IsQuantized: true }, $"our {what} ({ours.Name}) is not quantized");
        Assert.True(Math.Abs(o!.Scale[0] - t.Scale[0]) <= 1e-6 * t.Scale[0],
            string.Create(CultureInfo.InvariantCulture, $"{what}: scale {o.Scale[0]:G9}, TensorFlow's {t.Scale[0]:G9}"));
        var ourZero = ours.Type == TensorType.Int8 ? o.ZeroPoint[0] + 128 : o.ZeroPoint[0];
        var tfZero = theirs.Type == TensorType.Int8 ? t.ZeroPoint[0] + 128 : t.ZeroPoint[0];
        Assert.True(ourZero == tfZero, $"{what}: zero point {o.ZeroPoint[0]} ({ours.Type}), TensorFlow's {t.ZeroPoint[0]} ({theirs.Type})");
    }
}
