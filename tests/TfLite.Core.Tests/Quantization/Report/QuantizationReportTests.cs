using System.Globalization;
using System.Text;
using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Quantization;
using TfLite.Core.Quantization.Calibration;
using TfLite.Core.Quantization.Optimization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Report;

/// <summary>
/// Our quantization against TensorFlow's own quantized files of the same Keras models (../shared/models): the
/// signal-to-noise ratio of each file's outputs against our float model on the same inputs, file sizes, and for the
/// MNIST classifiers top-1 accuracy on the 2000 test digits. Ours reproduces the converter options TensorFlow used
/// for each file. Asserts the bars: ours at least as accurate as TensorFlow's quantized file and within 0.5 points of
/// float, and an SNR at least TensorFlow's in the same mode. With TFLITE_QUANTIZATION_REPORT set to a file path,
/// writes docs/quantization-report.md's content there (docs/tools/Update-QuantizationReport.ps1).
/// </summary>
[Trait("Category", "QuantizationReport")]
public sealed class QuantizationReportTests
{
    /// <summary>A Keras file and TensorFlow's quantized conversion of it, with the mode and the converter options
    /// TensorFlow used (from the folder's SOURCE.md and the file itself), which ours reproduces.</summary>
    private sealed record Pair(string Folder, string Keras, string TfFile, QuantizationMode Mode, string? Note = null)
    {
        public bool IsMnist => IsMnistFolder(Folder);

        /// <summary>Dense weights per output channel, as TensorFlow's newer converters do in dynamic-range mode.</summary>
        public bool PerChannel { get; init; }

        /// <summary>Type of the model's input and output (TensorFlow's inference_input_type/inference_output_type).</summary>
        public TensorType Io { get; init; } = TensorType.Float32;

        /// <summary>TensorFlow's representative dataset was the first N test digits rather than other digits.</summary>
        public int? CalibratedOnTestDigits { get; init; }

        public QuantizationOptions Options => new() { Mode = Mode, PerChannel = PerChannel, InputType = Io, OutputType = Io };

        public bool HasDefaultOptions => !PerChannel && Io == TensorType.Float32 && CalibratedOnTestDigits is null;

        /// <summary>How the options differ from our defaults.</summary>
        public string OptionText => string.Join(", ", new[]
        {
            PerChannel ? "per-channel Dense" : null,
            Io != TensorType.Float32 ? $"{Io} I/O" : null,
            CalibratedOnTestDigits is { } n ? $"calibrated on the first {n} test digits" : null,
        }.Where(t => t is not null));

        public string ModeText => HasDefaultOptions ? Mode.ToString() : $"{Mode} ({OptionText})";
    }

    /// <summary>A quantization of ours with options of its own, shown in the accuracy table under the same bars.</summary>
    private sealed record Variant(string Folder, string Label, QuantizationOptions Options);

    /// <summary>A bar not met; <see cref="Key"/> is "folder mode", as <see cref="KnownGaps"/> names them.</summary>
    private sealed record Failure(string Key, string Text);

    // From each folder's SOURCE.md and TensorFlow's file (weight scales, input/output types).
    private static readonly Pair[] Pairs =
    [
        new("jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model_optimized.tflite", QuantizationMode.DynamicRange),
        new("jemimav-mnist-qat-annotate-k2.10", "qat_model.h5", "qat_model.tflite", QuantizationMode.DynamicRange),
        // TensorFlow 2.21: FULLY_CONNECTED weights with one scale per unit in both files.
        new("jhonatan-mnist-gap-k3.14h5", "model.h5", "model.tflite", QuantizationMode.DynamicRange) { PerChannel = true },
        new("jhonatan-mnist-gap-k3.14h5", "model.h5", "model_int8.tflite", QuantizationMode.Int8)
            { PerChannel = true, CalibratedOnTestDigits = 200 },
        new("kim-dogdet-dwcnn-k3.8h5", "tinyml_dog_model_2.h5", "tinyml_dog_model_quantized.tflite", QuantizationMode.DynamicRange),
        new("kim-dogdet-dwcnn-k3.8h5", "tinyml_dog_model_2.h5", "dog_detect_quantized.tflite", QuantizationMode.Int8) { Io = TensorType.Int8 },
        new("kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.h5", "tinyml_mobilenet_dog_detector_int8.tflite", QuantizationMode.Int8)
            { Io = TensorType.Int8 },
        new("kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.h5", "tinyml_mobilenet_dog_detector_quantized.tflite", QuantizationMode.Int8)
            { Io = TensorType.UInt8 },
        new("kurt-openhand-cnn-k2.14", "open_hand_model.h5", "open_hand_model.tflite", QuantizationMode.DynamicRange),
        new("kurt-openhand-cnn-k2.14", "open_hand_model.h5", "open_hand_model_int8.tflite", QuantizationMode.Int8) { Io = TensorType.Int8 },
        new("sheena-mnist-mlp-k2.10", "model.h5", "tflite_quant_model.tflite", QuantizationMode.DynamicRange),
        new("sheena-mnist-mlp-k2.10", "model.h5", "tflite_qaware_model.tflite", QuantizationMode.Int8,
            "a QAT model fine-tuned from model.h5, so its weights differ"),
    ];

    // Per-channel Dense weights in our default calibration, as TensorFlow 2.21 writes them. The MLP ends in a sigmoid whose int8 output grid ties the top classes (see Sheena_int8_loss_is_the_sigmoid_output_grid).
    private static readonly Variant[] Variants =
    [
        new("jhonatan-mnist-gap-k3.14h5", "Int8, per-channel Dense", new QuantizationOptions { Mode = QuantizationMode.Int8, PerChannel = true }),
        new("sheena-mnist-mlp-k2.10", "Int8, LOGISTIC kept float (ExcludeOperators LOGISTIC)",
            new QuantizationOptions { Mode = QuantizationMode.Int8, ExcludeOperators = ["LOGISTIC"] }),
    ];

    /// <summary>Bars known not to be met ("folder mode"), with the measured reason; the report lists them instead of
    /// failing the test.</summary>
    private static readonly Dictionary<string, string> KnownGaps = new()
    {
        ["jhonatan-mnist-gap-k3.14h5 Float16"] = JhonatanAboveFloat,
        ["jhonatan-mnist-gap-k3.14h5 DynamicRange"] = JhonatanAboveFloat,
        ["jhonatan-mnist-gap-k3.14h5 Int16x8"] = JhonatanAboveFloat + "; Int16x8 keeps Dense weights per tensor",
        ["jhonatan-mnist-gap-k3.14h5 Int8"] = JhonatanAboveFloat + "; our default Int8 quantizes Dense weights per tensor where TensorFlow 2.21 "
            + "gives each unit its own scale, which costs digits here: the row 'Int8, per-channel Dense' (option PerChannel) is TensorFlow's "
            + "layout calibrated on our digits",
        ["sheena-mnist-mlp-k2.10 Int8"] = "the model ends in Dense(10, sigmoid); int8 LOGISTIC outputs have TFLite's fixed scale 1/256 and zero "
            + "point -128, so every probability above 0.998 becomes 0.9961 and two or more classes tie at the top, where argmax takes the "
            + "first. The float model's outputs rounded onto that grid score what our Int8 scores (to a digit) "
            + "(Sheena_int8_loss_is_the_sigmoid_output_grid), so the loss is the output grid itself, shared by any int8 conversion of these "
            + "weights; keeping LOGISTIC in float (or Int16x8, whose grid is 1/32768) recovers float accuracy",
    };

    private const string JhonatanAboveFloat = "TensorFlow's quantized files of this model score above its float model on these digits "
        + "(compare the float row), so 'ours ≥ TensorFlow' asks a quantization to beat float; our DynamicRange with TensorFlow's "
        + "per-channel Dense weights computes TensorFlow's own outputs (same SNR) and scores what TensorFlow's file scores";

    private static readonly QuantizationMode[] OurModes =
        [QuantizationMode.Float16, QuantizationMode.DynamicRange, QuantizationMode.Int8, QuantizationMode.Int16x8];

    // The report uses the full data; a plain test run a part of it, so that the suite stays quick.
    private static readonly bool Generating = Environment.GetEnvironmentVariable("TFLITE_QUANTIZATION_REPORT") is { Length: > 0 }
                                              && Environment.GetEnvironmentVariable("TFLITE_QUANTIZATION_REPORT_QUICK") is not { Length: > 0 };
    private static readonly int Digits = Generating ? 2000 : 200;
    private static readonly int CalibrationDigits = Generating ? 500 : 64;
    private static readonly int SnrSamples = Generating ? 16 : 8;
    private static readonly int OtherSamples = Generating ? 32 : 8;
    // TensorFlow's int8 recipe of the dog-detector repository: 100 samples of np.random.rand.
    private const int OtherCalibrationSamples = 100;

    [Fact]
    public void Our_quantization_is_at_least_as_good_as_TensorFlows()
    {
        var mnistX = NpyReader.Read(SharedData.Path("datasets", "mnist", "x_test.npy")).SliceFirstAxis(0, Digits);
        var mnistY = Labels(Digits);
        var calib = NpyReader.Read(SharedData.Path("datasets", "mnist", "x_calib.npy")).SliceFirstAxis(0, CalibrationDigits);
        var failures = new List<Failure>();
        var snrRows = new List<string>();
        var accuracyRows = new List<string>();

        foreach (var model in Pairs.GroupBy(p => (p.Folder, p.Keras)))
        {
            var folder = model.Key.Folder;
            var floatGraph = KerasImporter.Import(SharedData.Path("models", folder, model.Key.Keras));
            var mnist = IsMnistFolder(folder);
            var snrData = mnist ? CalibrationData.FromArrays(floatGraph, [mnistX.SliceFirstAxis(0, SnrSamples)]) : RandomData(floatGraph, OtherSamples);
            var calibration = mnist ? CalibrationData.FromArrays(floatGraph, [calib]) : RandomData(floatGraph, OtherCalibrationSamples, seed: 11);
            var floatOutputs = Outputs(floatGraph, snrData);
            var floatBytes = TfLiteWriter.Write(floatGraph).Length;

            var ours = OurModes.ToDictionary(m => m, m => Quantize(floatGraph, new QuantizationOptions { Mode = m }, calibration));
            var reproduced = model.ToDictionary(p => p, p => p.HasDefaultOptions ? ours[p.Mode]
                : Quantize(floatGraph, p.Options, p.CalibratedOnTestDigits is { } n ? CalibrationData.FromArrays(floatGraph, [mnistX.SliceFirstAxis(0, n)]) : calibration));

            foreach (var pair in model)
            {
                var tfPath = SharedData.Path("models", folder, pair.TfFile);
                var tfSnr = Snr(floatOutputs, Outputs(TfLiteReader.ReadFile(tfPath), snrData));
                var (ourGraph, ourError) = reproduced[pair];
                double? ourSnr = ourGraph is null ? null : Snr(floatOutputs, Outputs(ourGraph, snrData));
                var ourBytes = ourGraph is null ? (int?)null : TfLiteWriter.Write(ourGraph).Length;
                var tfBytes = new FileInfo(tfPath).Length;
                snrRows.Add($"| `{folder}` | {pair.TfFile}{(pair.Note is null ? "" : $" ({pair.Note})")} | {pair.ModeText} | {Db(tfSnr)} | "
                            + $"{(ourSnr is { } s ? Db(s) : $"— ({ourError})")} | {floatBytes:N0} | {tfBytes:N0} ({Ratio(floatBytes, tfBytes)}) | "
                            + $"{(ourBytes is { } b ? $"{b:N0} ({Ratio(floatBytes, b)})" : "—")} |");
                if (ourSnr is { } snr && pair.Note is null && snr < tfSnr - 0.05)
                    failures.Add(new($"{folder} {pair.Mode}", $"{folder} {pair.ModeText}: SNR {snr:F2} dB < TensorFlow's {tfSnr:F2} dB"));
            }

            if (!mnist) continue;
            var floatAccuracy = Accuracy(floatGraph, mnistX, mnistY);
            accuracyRows.Add($"| `{folder}` | float (ours) | {Pct(floatAccuracy)} |");
            var tfBest = 0.0;
            foreach (var pair in model)
            {
                var a = Accuracy(TfLiteReader.ReadFile(SharedData.Path("models", folder, pair.TfFile)), mnistX, mnistY);
                accuracyRows.Add($"| `{folder}` | TensorFlow {pair.TfFile} ({pair.Mode}) | {Pct(a)} |");
                if (pair.Note is null) tfBest = Math.Max(tfBest, a);
            }
            var candidates = ours.Select(o => (Key: o.Key, Label: o.Key.ToString(), Result: o.Value))
                .Concat(model.Where(p => !p.HasDefaultOptions).Select(p => (Key: p.Mode, Label: $"{p.ModeText} as TensorFlow's {p.TfFile}", Result: reproduced[p])))
                .Concat(Variants.Where(v => v.Folder == folder)
                    .Select(v => (Key: v.Options.Mode, Label: v.Label, Result: Quantize(floatGraph, v.Options, calibration))));
            foreach (var (mode, label, (graph, error)) in candidates)
            {
                if (graph is null)
                {
                    accuracyRows.Add($"| `{folder}` | ours {label} | — ({error}) |");
                    continue;
                }
                var a = Accuracy(graph, mnistX, mnistY);
                accuracyRows.Add($"| `{folder}` | ours {label} | {Pct(a)} |");
                if (a < tfBest - 1e-9) failures.Add(new($"{folder} {mode}", $"{folder} {label}: accuracy {Pct(a)} < TensorFlow's {Pct(tfBest)}"));
                if (a < floatAccuracy - 0.005)
                    failures.Add(new($"{folder} {mode}", $"{folder} {label}: accuracy {Pct(a)} more than 0.5 points under float {Pct(floatAccuracy)}"));
            }
        }

        var known = failures.Where(f => KnownGaps.ContainsKey(f.Key)).ToList();
        failures.RemoveAll(known.Contains);
        if (Environment.GetEnvironmentVariable("TFLITE_QUANTIZATION_REPORT") is { Length: > 0 } path)
            File.WriteAllText(path, Render(snrRows, accuracyRows, failures.Select(f => f.Text).ToList(), known));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Select(f => f.Text)));
    }

    /// <summary>
    /// The measured reason of the MLP's Int8 gap: int8 LOGISTIC writes its output with scale 1/256 and zero point
    /// -128, so the float model's outputs rounded onto that grid (independent plain code here) must score what our
    /// Int8 model scores, and keeping LOGISTIC in float must bring Int8 back within 0.5 points of float.
    /// </summary>
    [Fact]
    public void Sheena_int8_loss_is_the_sigmoid_output_grid()
    {
        var x = NpyReader.Read(SharedData.Path("datasets", "mnist", "x_test.npy")).SliceFirstAxis(0, Digits);
        var y = Labels(Digits);
        var floatGraph = KerasImporter.Import(SharedData.Path("models", "sheena-mnist-mlp-k2.10", "model.h5"));
        var calibration = CalibrationData.FromArrays(floatGraph,
            [NpyReader.Read(SharedData.Path("datasets", "mnist", "x_calib.npy")).SliceFirstAxis(0, CalibrationDigits)]);
        var data = CalibrationData.FromArrays(floatGraph, [x]);

        var onGrid = Outputs(floatGraph, data).Select(o => o.Select(SigmoidInt8Grid).ToArray()).ToList();
        var gridAccuracy = (double)onGrid.Where((o, i) => ArgMax(o) == y[i]).Count() / y.Length;
        var int8 = Quantize(floatGraph, new QuantizationOptions { Mode = QuantizationMode.Int8 }, calibration).Graph!;
        var logisticFloat = Quantize(floatGraph, new QuantizationOptions { Mode = QuantizationMode.Int8, ExcludeOperators = ["LOGISTIC"] }, calibration).Graph!;

        // The grid is applied to float logits here, to int8 logits in the model: a digit may differ on either side.
        Assert.InRange(Accuracy(int8, x, y), gridAccuracy - 0.005, gridAccuracy + 0.005);
        Assert.True(Accuracy(logisticFloat, x, y) >= Accuracy(floatGraph, x, y) - 0.005);
    }

    // TFLite's int8 LOGISTIC output: q = round(p * 256) - 128 saturated to [-128, 127], read back as (q + 128) / 256.
    private static float SigmoidInt8Grid(float p) =>
        (Math.Clamp(MathF.Round(p * 256f, MidpointRounding.AwayFromZero) - 128f, -128f, 127f) + 128f) / 256f;

    private static (TfLiteGraph? Graph, string? Error) Quantize(TfLiteGraph floatGraph, QuantizationOptions options, CalibrationDataset calibration)
    {
        try
        {
            return (ModelOptimizer.Optimize(floatGraph, new OptimizationRequest
            {
                Quantization = options,
                Calibration = ModelOptimizer.IsIntegerMode(options.Mode) ? calibration : null,
            }).Graph, null);
        }
        catch (TfLiteException e)
        {
            return (null, e.ErrorId);
        }
    }

    private static bool IsMnistFolder(string folder) =>
        folder.StartsWith("jemimav-", StringComparison.Ordinal) || folder.StartsWith("jhonatan-", StringComparison.Ordinal)
        || folder.StartsWith("sheena-", StringComparison.Ordinal);

    private static int[] Labels(int count) =>
        NpyReader.Read(SharedData.Path("datasets", "mnist", "y_test.npy")).ToSingleArray().Select(v => (int)v).Take(count).ToArray();

    private static int ArgMax(float[] scores) => Array.IndexOf(scores, scores.Max());

    private static string Render(List<string> snrRows, List<string> accuracyRows, List<string> failures, List<Failure> known)
    {
        var md = new StringBuilder();
        md.AppendLine("# Quantization report");
        md.AppendLine();
        md.AppendLine("Generated by `docs/tools/Update-QuantizationReport.ps1` (test `QuantizationReportTests`); do not edit by hand.");
        md.AppendLine();
        md.AppendLine("## Signal-to-noise ratio and size");
        md.AppendLine();
        md.AppendLine("Every model folder of `../shared/models` with TensorFlow's int8 or dynamic-range `.tflite`. SNR (dB) of the model's outputs");
        md.AppendLine($"against our float conversion of the Keras file, on the same inputs ({SnrSamples} MNIST test digits for the MNIST models,");
        md.AppendLine($"{OtherSamples} seeded uniform inputs in [0, 1) for the others), all run in our interpreter (double rounding). \"Ours\" is our");
        md.AppendLine("quantization of the Keras file in TensorFlow's mode with TensorFlow's converter options for that file (shown beside the");
        md.AppendLine($"mode where they differ from ours by default); integer modes are calibrated on {CalibrationDigits} digits of `x_calib.npy` (unless");
        md.AppendLine($"TensorFlow's own calibration digits are named), or on {OtherCalibrationSamples} seeded uniform inputs, as the dog detectors' own");
        md.AppendLine("int8 recipe does. Sizes in bytes, with the ratio to our float file.");
        md.AppendLine();
        md.AppendLine("| model | TensorFlow's file | mode | SNR TensorFlow | SNR ours | float bytes | TensorFlow bytes | our bytes |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        snrRows.ForEach(r => md.AppendLine(r));
        md.AppendLine();
        md.AppendLine("## MNIST top-1 accuracy");
        md.AppendLine();
        md.AppendLine($"The first {Digits} digits of `../shared/datasets/mnist/x_test.npy` (labels `y_test.npy`), pixels in [0, 1].");
        md.AppendLine();
        md.AppendLine($"Our integer modes are calibrated on {CalibrationDigits} digits of `x_calib.npy`, except the rows that reproduce a TensorFlow file's options.");
        md.AppendLine();
        md.AppendLine("| model | file | top-1 |");
        md.AppendLine("|---|---|---|");
        accuracyRows.ForEach(r => md.AppendLine(r));
        md.AppendLine();
        md.AppendLine("A mode marked — was not produced: the error id says why (e.g. `UnsupportedQuantizationMode` while a mode is not");
        md.AppendLine("implemented). The bars (ours ≥ TensorFlow's quantized file and within 0.5 points of float; SNR ours ≥ TensorFlow's)");
        md.AppendLine("skip TensorFlow files that are not conversions of the same weights (noted in the table).");
        md.AppendLine();
        md.AppendLine(failures.Count == 0 ? "All other bars hold." : "Bars not met:\n\n" + string.Join("\n", failures.Select(f => "- " + f)));
        if (known.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Known gaps (listed in the test with their reason, not failing it):");
            md.AppendLine();
            foreach (var f in known) md.AppendLine("- " + f.Text);
            foreach (var key in known.Select(f => f.Key).Distinct()) md.AppendLine($"- `{key}`: {KnownGaps[key]}.");
        }
        return md.ToString();
    }

    private static List<float[]> Outputs(TfLiteGraph graph, CalibrationDataset data)
    {
        var runner = new SampleRunner(graph, data, new TfLite.Core.Interpreter.InterpreterOptions());
        var outputs = new List<float[]>();
        for (var s = 0; s < data.Count; s++)
        {
            runner.Run(s);
            outputs.Add(runner.Interpreter.Outputs.SelectMany(o => o.ToFloatArray()).ToArray());
        }
        return outputs;
    }

    private static double Snr(List<float[]> reference, List<float[]> candidate)
    {
        var snr = new SignalToNoise();
        for (var i = 0; i < reference.Count; i++) snr.Add(reference[i], candidate[i]);
        return snr.Decibels;
    }

    private static double Accuracy(TfLiteGraph graph, NDArray x, int[] labels)
    {
        var data = CalibrationData.FromArrays(graph, [x]);
        var runner = new SampleRunner(graph, data, new TfLite.Core.Interpreter.InterpreterOptions());
        var correct = 0;
        for (var s = 0; s < data.Count; s++)
        {
            runner.Run(s);
            var scores = runner.Interpreter.Outputs[0].ToFloatArray();
            if (ArgMax(scores) == labels[s]) correct++;
        }
        return (double)correct / data.Count;
    }

    private static CalibrationDataset RandomData(TfLiteGraph graph, int count, int seed = 5)
    {
        var random = new Random(seed);
        var arrays = graph.Inputs.Select(t =>
        {
            var size = (int)Shape.ElementCount(t.Shape[1..]);
            var values = new float[count * size];
            for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
            return new NDArray(values, count, size);
        }).ToList();
        return CalibrationData.FromArrays(graph, arrays);
    }

    private static string Db(double db) => double.IsPositiveInfinity(db) ? "∞" : db.ToString("F1", CultureInfo.InvariantCulture);
    private static string Pct(double a) => (100 * a).ToString("F2", CultureInfo.InvariantCulture) + " %";
    private static string Ratio(long floatBytes, long bytes) => ((double)floatBytes / bytes).ToString("F2", CultureInfo.InvariantCulture) + "×";
}
