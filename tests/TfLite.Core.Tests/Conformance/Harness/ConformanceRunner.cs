using System.Globalization;
using TfLite.Core.Keras;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.KerasReference;
using TfLite.Core.Tests.Infrastructure.Oracle;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>
/// The conversion conformance check of one Keras file: import, export, load in LiteRT, and compare on seeded random
/// inputs with TensorFlow's own float conversion (run in LiteRT too) or, without one, with the float64 Keras
/// reference. Where TensorFlow's file exists the operator histogram and the file size are compared as well.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Samples per model (uniform in [0, 1); integers for embedding inputs).</summary>
    public const int Samples = 20;

    /// <summary>Runs every check and collects what fails; never throws for a model problem.</summary>
    public static ConformanceResult Check(string id, string group, string kerasPath, string? tfFloatPath, int samples = Samples)
    {
        var failures = new List<string>();
        var result = new ConformanceResult { Id = id, Group = group, KerasFile = Path.GetFileName(kerasPath), Failures = failures };
        try
        {
            Run(result, kerasPath, tfFloatPath, samples);
        }
        catch (Exception e)
        {
            failures.Add($"{Stage(e)}: {e.GetType().Name}: {e.Message}");
            if (e is UnsupportedLayerException { ErrorId: "UnsupportedLayer" } u) result.PendingLayerClass = u.ClassName;
        }
        return result;
    }

    private static string Stage(Exception e) => e switch
    {
        TfLiteException t => $"conversion ({t.ErrorId})",
        OracleException o => $"oracle (exit {o.ExitCode})",
        _ => "harness",
    };

    private static void Run(ConformanceResult result, string kerasPath, string? tfFloatPath, int samples)
    {
        var failures = result.Failures;
        string config;
        using (var file = KerasModelFile.Open(kerasPath)) config = file.ModelConfigJson;
        result.Layers = ModelLayers.Of(config);

        var graph = KerasImporter.Import(kerasPath);
        var bytes = TfLiteWriter.Write(graph);
        var ours = TfLiteReader.Read(bytes, "ours.tflite");
        var ourIo = SignatureIo.Of(ours);
        result.Ops = OperatorNames.Histogram(ours);
        result.Size = bytes.Length;

        var reference = KerasReferenceModel.Load(kerasPath);
        var ourOrder = ourIo.MatchInputs(reference.Inputs.Select(i => i.Name).ToList());
        var kerasInputs = SampleInputs.Make(result.Id, reference, samples, k => ourIo.Inputs[ourOrder[k]].Tensor.Shape);

        using var dir = new TempDir();
        var ourPath = dir.Write("ours.tflite", bytes);
        if (HasRunTimeTransposeConvShape(ours))
        {
            // LiteRT.js cannot bind an output that TFLite allocates at run time (../shared/oracle/README.md).
            result.Skipped = RunTimeShapeReason;
            return;
        }
        var ourOutputs = OracleBatch.Run(ourPath, ourIo.Inputs.Select(e => ModelInput.Of(e.Tensor)).ToList(), SampleInputs.Reorder(kerasInputs, ourOrder), samples);
        ourOutputs = InKerasOrder(ourOutputs, ourIo, reference.OutputNames);

        IReadOnlyList<BatchOutput>? truth = null;
        var truthKind = "keras-reference";
        if (tfFloatPath is not null)
        {
            var tf = TfLiteReader.ReadFile(tfFloatPath);
            var tfIo = SignatureIo.Of(tf);
            result.TfOps = OperatorNames.Histogram(tf);
            result.TfSize = new FileInfo(tfFloatPath).Length;
            CompareStructure(result, failures);
            try
            {
                var tfOrder = tfIo.MatchInputs(reference.Inputs.Select(i => i.Name).ToList());
                truth = OracleBatch.Run(tfFloatPath, tfIo.Inputs.Select(e => ModelInput.Of(e.Tensor)).ToList(), SampleInputs.Reorder(kerasInputs, tfOrder), samples,
                    perSampleFallback: true);
                truthKind = "tflite-float";
            }
            catch (OracleException e) when (e.ExitCode == 2)
            {
                // TensorFlow's file cannot be loaded by LiteRT.js (e.g. variable tensors of a fused LSTM): the
                // reference stands in as the truth.
                truthKind = "keras-reference (TF's file does not load in LiteRT.js)";
            }
        }
        truth ??= RunReference(reference, kerasInputs, samples);

        var cmp = OutputComparison.Of(ourOutputs, truth);
        if (cmp.Problem is not null) failures.Add("outputs: " + cmp.Problem);
        else if (!cmp.Passes)
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"outputs: max |ours - truth| / max(1, |truth|) = {cmp.MaxScaledDiff:G4} > {OutputComparison.Tolerance:G} (output {cmp.WorstOutput})"));
        result.Truth = truthKind;
        result.Samples = samples;
        result.MaxScaledDiff = double.IsNaN(cmp.MaxScaledDiff) ? null : cmp.MaxScaledDiff;
        result.MaxAbsDiff = double.IsNaN(cmp.MaxAbsDiff) ? null : cmp.MaxAbsDiff;
    }

    /// <summary>Why a model with a run-time TRANSPOSE_CONV output shape is not run.</summary>
    public const string RunTimeShapeReason =
        "LiteRT.js cannot run TRANSPOSE_CONV with a run-time output shape (a dynamic output tensor; see ../shared/oracle/README.md)";

    /// <summary>True when a TRANSPOSE_CONV takes its output shape from a computed tensor (dynamic batch), which makes
    /// TFLite allocate its output at run time.</summary>
    private static bool HasRunTimeTransposeConvShape(Graph.TfLiteGraph graph) =>
        graph.Main.Operators.Any(o => o.Code == Graph.BuiltinOperator.TransposeConv && o.Inputs[0] is { IsConstant: false });

    /// <summary>Operator histogram equal to TensorFlow's up to the documented difference; size within 1% + 4 KiB.</summary>
    private static void CompareStructure(ConformanceResult r, List<string> failures)
    {
        var diff = OperatorNames.Format(OperatorNames.Difference(r.Ops, r.TfOps!));
        var documented = ConversionNotes.DocumentedDifference(r.Id);
        if (ConversionNotes.Normalize(diff) != documented)
            failures.Add($"operators: ours - TF's = {diff}, docs/conversion-notes.md documents {documented}");
        var allowed = 0.01 * r.TfSize!.Value + 4096;
        if (Math.Abs(r.Size - r.TfSize.Value) > allowed)
            failures.Add($"size: {r.Size} bytes, TF's {r.TfSize} (allowed difference {allowed:0})");
    }

    private static IReadOnlyList<BatchOutput> InKerasOrder(IReadOnlyList<BatchOutput> outputs, SignatureIo io, IReadOnlyList<string> kerasNames)
    {
        if (outputs.Count != kerasNames.Count) return outputs;
        var order = io.MatchOutputs(kerasNames);
        return order.Select(i => outputs[i]).ToList();
    }

    internal static IReadOnlyList<BatchOutput> RunReference(KerasReferenceModel reference, List<BatchInput> inputs, int samples)
    {
        var tensors = inputs.Select(i => new RefTensor([samples, .. i.SampleShape], i.Values)).ToArray();
        return reference.Predict(tensors).Select(y => new BatchOutput(y.Shape[1..], y.Data)).ToList();
    }
}
