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
/// LiteRT's outputs in our interpreter in <see cref="RoundingMode.Xnnpack"/> (the arithmetic of LiteRT's XNNPACK int8
/// path, and of its builtin kernels for Int16x8), float-kernel modes stay close to the float model, and files shrink
/// as TensorFlow's do.
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
        var unrolled = graph.Main.Tensors.Any(t => t.IsVariable);
        if (unrolled)
            graph = KerasImporter.Import(model.KerasPath, new KerasImportOptions { RecurrentLowering = RecurrentLowering.Unrolled });
        Assert.All(graph.Inputs, t => Assert.Equal(TensorType.Float32, t.Type));

        var options = new QuantizationOptions { Mode = mode };
        if (mode is QuantizationMode.Int8 or QuantizationMode.Int16x8)
            options = new QuantizationOptions { Mode = mode, Ranges = TestCalibration.Ranges(graph, TestCalibration.Samples(graph, id, CalibrationSamples)) };
        var quantized = ModelQuantizer.Quantize(graph, options);
        var bytes = TfLiteWriter.Write(quantized);
        var floatBytes = TfLiteWriter.Write(graph);
        AssertSize(mode, quantized, graph, bytes.Length, floatBytes.Length, unrolled);

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

        var rounding = RoundingMode.Xnnpack;
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
        // Every int8 operator of the real models has an integer kernel here.
        Assert.False(mode == QuantizationMode.Int8 && gap is not null, summary);
        if (gap is not null) return;
        switch (mode)
        {
            case QuantizationMode.Int8:
            case QuantizationMode.Int16x8:
                // Int16x8 runs LiteRT's builtin int16 kernels, whose FULLY_CONNECTED, MUL and QUANTIZE arithmetic our
                // kernels follow (Interpreter/Integer/LiteRtInt16ArithmeticTests): every output equal.
                Assert.True(equal == total, summary);
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
    /// Size limits for models whose float file is over 100 KiB: the whole quantized file is at most 0.52× the float file
    /// (Float16) or 0.27× (Int8), and its constants alone are too. Some models cannot meet the whole-file ratio whatever
    /// the writer does, because of what the format must store besides the constants (<see cref="LeastFileBytes"/>):
    /// <list type="bullet">
    /// <item>Int8 stores a float32 scale and an int64 zero point for every output channel of every convolution's weights
    /// and bias (zero points are shared: one vector per distinct channel count), so models of many thin layers stay
    /// above 0.27×: tm-inspectorsally-mobilenetv2-k2.4 (at least 0.304×: 14155 scales, zero-point vectors up to 1280
    /// channels), fazed-mini-xception-k2.0.5 (0.344×), kim-resnet-k2.4 (0.277×), iesd-afnet-k2.15 (0.272×).</item>
    /// <item>Float16 keeps every float32 tensor of the float model and adds, for each constant, a DEQUANTIZE operator
    /// and its float32 output tensor: fazed-mini-xception-k2.0.5's 46 small constants leave it at least 0.527×.</item>
    /// </list>
    /// For those the file must stay within 32 bytes per tensor of that bound. The unrolled lowering of a recurrent
    /// model (which the oracle needs) is exempt: it is mostly graph structure, one copy of the cell's operators per time
    /// step, which quantization does not shrink; the default fused lowering of iesd-cnn-lstm-k2.10 is under 100 KiB.
    /// </summary>
    private static void AssertSize(QuantizationMode mode, TfLiteGraph quantized, TfLiteGraph graph, int size, int floatSize, bool unrolled)
    {
        var least = LeastFileBytes(mode, quantized, graph, floatSize);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: file {size} / {floatSize} = {(double)size / floatSize:0.0000} (at least {(double)least / floatSize:0.0000}), constants {(double)quantized.ConstantBytes / graph.ConstantBytes:0.000}"));
        if (floatSize <= 100 * 1024 || unrolled) return;
        var limit = mode switch { QuantizationMode.Float16 => 0.52, QuantizationMode.Int8 => 0.27, _ => 1.0 };
        Assert.True(quantized.ConstantBytes <= limit * graph.ConstantBytes,
            $"{mode}: {quantized.ConstantBytes} constant bytes is more than {limit:0.00} x the float model's {graph.ConstantBytes}");
        if (least <= limit * floatSize)
            Assert.True(size <= limit * floatSize, $"{mode}: {size} bytes is more than {limit:0.00} x the float file's {floatSize}");
        else
            Assert.True(size <= least + 32L * quantized.Main.Tensors.Count,
                $"{mode}: {size} bytes, but {least} would do ({quantized.Main.Tensors.Count} tensors); the ratio {limit:0.00} is out of reach");
    }

    /// <summary>
    /// A lower bound of the quantized file's size, given that it describes the float model's graph (every tensor with
    /// its name and shape, every operator with its options) as the float file does: its constants (each distinct content
    /// once), plus the float file's bytes besides its constants, plus what quantization adds that the float file lacks.
    /// For integer modes that is 4 bytes per scale and 8 per zero point of each distinct vector, a quantization table of
    /// 12 bytes (offset to itself, to its scales and to its zero points) per distinct table and the 4-byte field pointing
    /// at it in every quantized tensor. For Float16 it is 44 bytes per DEQUANTIZE of a constant: the operator's entry in
    /// the operators vector, its table's offsets to itself, its inputs and its outputs, two one-element index vectors,
    /// and for its float32 output tensor an entry, an offset to itself and one to its shape.
    /// </summary>
    private static long LeastFileBytes(QuantizationMode mode, TfLiteGraph quantized, TfLiteGraph graph, int floatSize)
    {
        var least = DistinctConstantBytes(quantized) + floatSize - DistinctConstantBytes(graph);
        var tensors = quantized.Subgraphs.SelectMany(s => s.Tensors).ToList();
        if (mode == QuantizationMode.Float16)
            return least + 44L * quantized.Subgraphs.SelectMany(s => s.Operators)
                .Count(o => o.Code == BuiltinOperator.Dequantize && o.Inputs[0] is { IsConstant: true });
        var tables = tensors.Where(t => t.Quantization is { IsQuantized: true }).Select(t => t.Quantization!).ToList();
        var scales = tables.Select(q => string.Join(",", q.Scale)).Distinct().Sum(v => 4L * v.Split(',').Length);
        var zeroPoints = tables.Select(q => string.Join(",", q.ZeroPoint)).Distinct().Sum(v => 8L * v.Split(',').Length);
        var distinctTables = tables.Select(q => $"{string.Join(",", q.Scale)}/{string.Join(",", q.ZeroPoint)}/{q.QuantizedDimension}").Distinct().Count();
        return least + scales + zeroPoints + 12L * distinctTables + 4L * tables.Count;
    }

    private static long DistinctConstantBytes(TfLiteGraph graph) => graph.Subgraphs.SelectMany(s => s.Tensors)
        .Where(t => t.IsConstant).Select(t => Convert.ToBase64String(t.Data!)).Distinct().Sum(d => (long)Convert.FromBase64String(d).Length);
}
