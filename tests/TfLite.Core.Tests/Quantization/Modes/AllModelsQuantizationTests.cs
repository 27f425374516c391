using System.Globalization;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Keras;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Conformance.Harness;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Modes;

/// <summary>
/// Every real Keras model, in every mode: the quantized file loads and runs in LiteRT, integer models give exactly
/// LiteRT's outputs in our interpreter (Int8 in <see cref="RoundingMode.Xnnpack"/>, the arithmetic of LiteRT's XNNPACK
/// int8 path; Int16x8 with TFLite's reference double rounding), float-kernel modes stay close to the float model, and files shrink as
/// TensorFlow's do.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class AllModelsQuantizationTests
{
    private const int CalibrationSamples = 8;

    /// <summary>Models whose quantized outputs are far from the float model's in some modes, with what is known (LiteRT
    /// and our interpreter still agree on them as for every model).</summary>
    private static readonly Dictionary<(string, QuantizationMode), string> FarFromFloat = new()
    {
        [("charm-mnist-bn-k3.13-keras", QuantizationMode.Int8)] = "BatchNormalization after ReLU stays a per-channel MUL whose " +
            "multipliers span two orders of magnitude; the int8 spec's per-tensor constant cannot hold the small ones, so the " +
            "logits drift (Int16x8 is close)",
        [("iesd-cnn-lstm-k2.10", QuantizationMode.DynamicRange)] = LstmOnRandomInputs,
        [("iesd-cnn-lstm-k2.10", QuantizationMode.Int8)] = LstmOnRandomInputs,
        [("iesd-cnn-lstm-k2.10", QuantizationMode.Int16x8)] = LstmOnRandomInputs,
    };

    private const string LstmOnRandomInputs = "not explained yet: the unrolled LSTM classifier fed uniform random sequences moves " +
        "by up to 0.24 (DynamicRange), 0.36 (Int16x8) and 0.88 (Int8) in its softmax outputs; even weight-only int8 moves it, " +
        "so the model is sensitive on these inputs, but real data was not tried";

    /// <summary>Models where our int8 kernels and LiteRT's differ, with what is known.</summary>
    private static readonly Dictionary<string, (int Steps, string Reason)> KnownInt8KernelDifferences = new()
    {
        ["vineeth-cgan-generator-k2.10"] = (16, "13 % of the TANH outputs (scale 1/128) differ from LiteRT's by up to 8 steps; the " +
            "model is the only one with int8 TRANSPOSE_CONV, whose arithmetic in LiteRT's XNNPACK deconvolution has not been " +
            "matched yet (the file is the same for both, so this is an interpreter difference)"),
    };

    /// <summary>Dynamic-range models whose hybrid kernels are known to land further from LiteRT's than the usual 0.05.</summary>
    private static readonly Dictionary<string, (double Limit, string Reason)> KnownHybridDifferences = new()
    {
        ["vineeth-cgan-generator-k2.10"] = (0.1, "hybrid TRANSPOSE_CONV: LiteRT's XNNPACK quantizes the deconvolution's inputs " +
            "its own way; both are within 0.06 of the float model"),
    };
    private const int TestSamples = 4;

    public static TheoryData<string, QuantizationMode> Cases
    {
        get
        {
            var data = new TheoryData<string, QuantizationMode>();
            foreach (var c in RealModelCorpus.All)
                foreach (var mode in Enum.GetValues<QuantizationMode>()) data.Add(c.Id, mode);
            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Quantized_model_runs_in_litert_and_in_our_interpreter_alike(string id, QuantizationMode mode)
    {
        var model = RealModelCorpus.Get(id);
        var graph = KerasImporter.Import(model.KerasPath);
        // LiteRT.js refuses the variable tensors of fused recurrent operators (../shared/oracle/README.md): recurrent
        // models are checked in their unrolled lowering.
        if (graph.Main.Tensors.Any(t => t.IsVariable))
            graph = KerasImporter.Import(model.KerasPath, new KerasImportOptions { RecurrentLowering = RecurrentLowering.Unrolled });
        Assert.All(graph.Inputs, t => Assert.Equal(TensorType.Float32, t.Type));

        var options = new QuantizationOptions { Mode = mode };
        if (mode is QuantizationMode.Int8 or QuantizationMode.Int16x8)
            options = new QuantizationOptions { Mode = mode, Ranges = TestCalibration.Ranges(graph, TestCalibration.Samples(graph, id, CalibrationSamples)) };
        var quantized = ModelQuantizer.Quantize(graph, options);
        var bytes = TfLiteWriter.Write(quantized);
        var floatBytes = TfLiteWriter.Write(graph);
        AssertSize(mode, quantized, graph, bytes.Length, floatBytes.Length);

        var samples = TestCalibration.Samples(graph, id + "/test", CalibrationSamples + TestSamples).Skip(CalibrationSamples).ToList();
        using var dir = new TempDir();
        var path = dir.Write("quantized.tflite", bytes);
        var io = SignatureIo.Of(quantized);
        var batches = io.Inputs.Select(e =>
        {
            var input = quantized.Inputs.ToList().IndexOf(e.Tensor);
            return new BatchInput(TestCalibration.SampleShape(graph, input)[1..], samples.SelectMany(x => x[input].Select(v => (double)v)).ToArray());
        }).ToList();
        // A TRANSPOSE_CONV whose output shape is computed at run time makes LiteRT.js fail on batches: one at a time.
        var lite = OracleBatch.Run(path, io.Inputs.Select(e => ModelInput.Of(e.Tensor)).ToList(), batches, samples.Count,
            perSample: ConformanceRunner.HasRunTimeTransposeConvShape(quantized));

        var rounding = mode == QuantizationMode.Int16x8 ? RoundingMode.Double : RoundingMode.Xnnpack;
        TfLite.Core.Interpreter.Interpreter? ours = null;
        string? gap = null;
        try
        {
            ours = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.Read(bytes), new InterpreterOptions { Rounding = rounding });
        }
        catch (InterpreterException e)
        {
            // A kernel our interpreter lacks: LiteRT's run is still checked against the float model below.
            gap = e.Message.ReplaceLineEndings(" ");
        }
        var reference = new TfLite.Core.Interpreter.Interpreter(graph);
        long equal = 0, total = 0;
        double worst = 0, worstVsLite = 0;
        for (var n = 0; n < samples.Count; n++)
        {
            if (ours is not null)
            {
                TestCalibration.SetInputs(ours, graph, samples[n]);
                ours.Invoke();
            }
            TestCalibration.SetInputs(reference, graph, samples[n]);
            reference.Invoke();
            for (var o = 0; o < lite.Count; o++)
            {
                var size = lite[o].SampleShape.Aggregate(1, (a, d) => a * d);
                var theirs = lite[o].Values.AsSpan(n * size, size);
                var exact = reference.GetOutputArray<float>(o);
                var mine = ours?.GetOutputArray<float>(o);
                Assert.Equal(exact.Length, size);
                for (var i = 0; i < size; i++)
                {
                    total++;
                    worst = Math.Max(worst, Math.Abs(theirs[i] - exact[i]) / Math.Max(1, Math.Abs(exact[i])));
                    if (mine is null) continue;
                    if (mine[i] == (float)theirs[i]) equal++;
                    worstVsLite = Math.Max(worstVsLite, Math.Abs(mine[i] - theirs[i]) / Math.Max(1, Math.Abs(theirs[i])));
                }
            }
        }
        var share = (double)equal / total;
        var summary = string.Create(CultureInfo.InvariantCulture, $"{id} {mode}: {equal}/{total} outputs equal LiteRT's ({share:P2}, max scaled diff {worstVsLite:G3}); LiteRT's max scaled error vs float {worst:G3}; {bytes.Length} bytes vs float {floatBytes.Length}");
        Console.WriteLine(gap is null ? summary : $"{summary}; not run in our interpreter: {gap}");
        var tolerance = mode switch { QuantizationMode.Float16 => 0.02, QuantizationMode.Int8 => 0.25, _ => 0.1 };
        if (!FarFromFloat.ContainsKey((id, mode))) Assert.True(worst < tolerance, summary);
        if (gap is not null) return;
        switch (mode)
        {
            case QuantizationMode.Int8 when KnownInt8KernelDifferences.TryGetValue(id, out var known):
                Assert.True(worstVsLite <= known.Steps / 256.0 + 1e-9, $"{summary} ({known.Reason})");
                break;
            case QuantizationMode.Int8:
                Assert.True(equal == total, summary);
                break;
            case QuantizationMode.Int16x8:
                // Known: in some models a few outputs differ from LiteRT by 1-2 steps of the int16 output scale
                // (int16 kernel arithmetic, not the layout, which LiteRT loads and runs close to the float model).
                Assert.True(worstVsLite < 1e-3, summary);
                break;
            default:
                // Float kernels: LiteRT's XNNPACK sums in another order, and its dynamic-range convolutions quantize
                // their inputs in its own way, so closeness is what can be expected.
                var limit = mode == QuantizationMode.Float16 ? 1e-3 : 0.05;
                var reason = "";
                if (mode == QuantizationMode.DynamicRange && KnownHybridDifferences.TryGetValue(id, out var hybrid)) (limit, reason) = hybrid;
                Assert.True(worstVsLite < limit, $"{summary} {reason}");
                break;
        }
    }

    /// <summary>
    /// Size limits for models over 100 KiB: the constants shrink to at most 0.52× (Float16) or 0.27× (Int8); the file
    /// as a whole also carries what TensorFlow's layout adds per tensor and per channel (a float scale and an int64
    /// zero point for every channel of weights and biases, DEQUANTIZE tensors), which for models with many thin
    /// layers keeps the whole file above those ratios (mobilenetv2 at width 0.35: 0.35× in Int8).
    /// </summary>
    private static void AssertSize(QuantizationMode mode, TfLiteGraph quantized, TfLiteGraph graph, int size, int floatSize)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}: file {size} / {floatSize} = {(double)size / floatSize:0.000}, constants {(double)quantized.ConstantBytes / graph.ConstantBytes:0.000}"));
        if (floatSize <= 100 * 1024) return;
        var limit = mode switch { QuantizationMode.Float16 => 0.52, QuantizationMode.Int8 => 0.27, _ => 1.0 };
        Assert.True(quantized.ConstantBytes <= limit * graph.ConstantBytes,
            $"{mode}: {quantized.ConstantBytes} constant bytes is more than {limit:0.00} x the float model's {graph.ConstantBytes}");
        // Everything but the constants: at most the float file's, plus 12 bytes per scale and 128 per tensor.
        var perChannel = quantized.Main.Tensors.Sum(t => (long)(t.Quantization?.Scale.Length ?? 0)) * 12;
        var overhead = size - quantized.ConstantBytes;
        var floatOverhead = floatSize - graph.ConstantBytes;
        Assert.True(overhead <= floatOverhead + perChannel + 128L * quantized.Main.Tensors.Count,
            $"{mode}: {overhead} bytes besides constants, float {floatOverhead}, per-channel parameters {perChannel} bytes, {quantized.Main.Tensors.Count} tensors");
    }
}
