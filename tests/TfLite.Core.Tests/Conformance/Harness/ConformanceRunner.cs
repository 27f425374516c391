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

        // LiteRT.js refuses variable tensors: a file with fused recurrent layers runs in the oracle in its unrolled
        // lowering, and the fused file itself runs in our interpreter against the same truth.
        var fused = ours.Main.Tensors.Any(t => t.IsVariable);
        var oracleBytes = fused ? TfLiteWriter.Write(KerasImporter.Import(kerasPath, new KerasImportOptions { RecurrentLowering = RecurrentLowering.Unrolled })) : bytes;
        var oracleIo = fused ? SignatureIo.Of(TfLiteReader.Read(oracleBytes, "unrolled.tflite")) : ourIo;
        var oracleOrder = oracleIo.MatchInputs(reference.Inputs.Select(i => i.Name).ToList());
        using var dir = new TempDir();
        var ourPath = dir.Write("ours.tflite", oracleBytes);
        if (HasRunTimeShapedOutput(ours))
        {
            result.Skipped = RunTimeShapeReason;
            return;
        }
        // A TRANSPOSE_CONV whose output shape is computed from the input (dynamic batch) runs in LiteRT.js only with
        // batch 1: such models run sample by sample.
        var ourOutputs = OracleBatch.Run(ourPath, oracleIo.Inputs.Select(e => ModelInput.Of(e.Tensor)).ToList(), SampleInputs.Reorder(kerasInputs, oracleOrder), samples,
            perSample: HasRunTimeTransposeConvShape(ours));
        ourOutputs = InKerasOrder(ourOutputs, oracleIo, reference.OutputNames);

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
        if (fused) CheckFusedInInterpreter(result, ours, ourIo, SampleInputs.Reorder(kerasInputs, ourOrder), reference.OutputNames, truth);
    }

    /// <summary>Runs our fused file (states in variable tensors) in the managed interpreter against the truth.</summary>
    private static void CheckFusedInInterpreter(ConformanceResult result, Graph.TfLiteGraph ours, SignatureIo io, IReadOnlyList<BatchInput> inputs,
        IReadOnlyList<string> kerasOutputNames, IReadOnlyList<BatchOutput> truth)
    {
        var outputs = InKerasOrder(InterpreterBatch.Run(ours, inputs, result.Samples), io, kerasOutputNames);
        var cmp = OutputComparison.Of(outputs, truth);
        result.FusedMaxScaledDiff = double.IsNaN(cmp.MaxScaledDiff) ? null : cmp.MaxScaledDiff;
        if (cmp.Problem is not null) result.Failures.Add("fused file in our interpreter: " + cmp.Problem);
        else if (!cmp.Passes)
            result.Failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"fused file in our interpreter: max |ours - truth| / max(1, |truth|) = {cmp.MaxScaledDiff:G4} > {OutputComparison.Tolerance:G} (output {cmp.WorstOutput})"));
    }

    /// <summary>Why a model whose output comes straight from a run-time-shaped TRANSPOSE_CONV is not run.</summary>
    public const string RunTimeShapeReason =
        "LiteRT.js cannot bind a model output that TFLite allocates at run time (TRANSPOSE_CONV with a computed output shape; see ../shared/oracle/README.md)";

    /// <summary>True when a TRANSPOSE_CONV takes its output shape from a computed tensor (dynamic batch), which makes
    /// TFLite allocate its output at run time.</summary>
    internal static bool HasRunTimeTransposeConvShape(Graph.TfLiteGraph graph) => RunTimeShapedTransposeConvs(graph).Any();

    /// <summary>True when such a TRANSPOSE_CONV output is a model output, which LiteRT.js cannot bind at any batch.</summary>
    private static bool HasRunTimeShapedOutput(Graph.TfLiteGraph graph) =>
        RunTimeShapedTransposeConvs(graph).Any(o => graph.Main.Outputs.Contains(o.Outputs[0]));

    private static IEnumerable<Graph.Operator> RunTimeShapedTransposeConvs(Graph.TfLiteGraph graph) =>
        graph.Main.Operators.Where(o => o.Code == Graph.BuiltinOperator.TransposeConv && o.Inputs[0] is { IsConstant: false });

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
