using System.Globalization;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.Core.TensorFlow;
using TfLite.Core.Tests.Conformance.Harness;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;

namespace TfLite.Core.Tests.TensorFlow.RealFiles;

/// <summary>Computes the truth for a batch of samples; <paramref name="names"/> are our file's signature input names,
/// in the order of <paramref name="inputs"/>.</summary>
internal delegate IReadOnlyList<BatchOutput> TruthFunction(IReadOnlyList<string> names, IReadOnlyList<BatchInput> inputs, int samples);

/// <summary>
/// The conversion conformance check of one TensorFlow-written file: import with <see cref="TfImporter"/>, export with
/// our writer, load and run in LiteRT on seeded inputs uniform in [0, 1), and compare with TensorFlow's own float
/// <c>.tflite</c> run in LiteRT (or, without one, with an independent float64 reference). Our managed interpreter must
/// agree with LiteRT on our file too. Results are saved for docs/conversion-report.md under the group <c>tf</c>.
/// </summary>
internal static class TfGraphConformance
{
    /// <summary>The report group of TensorFlow graph files.</summary>
    public const string Group = "tf";

    /// <summary>The truth column of a file without a float truth.</summary>
    public const string NoFloatTruth = "— (quantization-aware graph: its quantized file is held to TensorFlow's)";

    /// <summary>Runs every check and collects what fails; never throws for a model problem.</summary>
    /// <param name="model">The file and its conversion options.</param>
    /// <param name="tfOps">TensorFlow op types the outputs depend on, for the report.</param>
    /// <param name="reference">The truth where TensorFlow's .tflite is absent; null when there is none.</param>
    public static ConformanceResult Check(RealTfCase model, IReadOnlyList<string> tfOps, TruthFunction? reference)
    {
        var result = new ConformanceResult
        {
            Id = model.Id,
            Group = Group,
            KerasFile = System.IO.Path.GetFileName(model.Path),
            Layers = tfOps,
            Failures = [],
        };
        try
        {
            Run(result, model, reference, ConformanceRunner.Samples);
        }
        catch (Exception e)
        {
            var stage = e switch
            {
                TfLiteException t => $"conversion ({t.ErrorId})",
                OracleException o => $"oracle (exit {o.ExitCode})",
                _ => "harness",
            };
            result.Failures.Add($"{stage}: {e.GetType().Name}: {e.Message}");
        }
        return result;
    }

    private static void Run(ConformanceResult result, RealTfCase model, TruthFunction? reference, int samples)
    {
        var graph = TfImporter.Import(model.Path, new TfImportOptions
        {
            InputNames = model.InputNames.Length > 0 ? model.InputNames : null,
            OutputNames = model.OutputNames.Length > 0 ? model.OutputNames : null,
            InputShapes = model.InputShapes,
        });
        var bytes = TfLiteWriter.Write(graph);
        var ours = TfLiteReader.Read(bytes, "ours.tflite");
        var io = SignatureIo.Of(ours);
        result.Ops = OperatorNames.Histogram(ours);
        result.Size = bytes.Length;
        result.Samples = samples;

        var inputs = UniformInputs(model.Id, io, samples);
        using var dir = new TempDir();
        var ourPath = dir.Write("ours.tflite", bytes);
        var ourOutputs = OracleBatch.Run(ourPath, io.Inputs.Select(e => ModelInput.Of(e.Tensor)).ToList(), inputs, samples);

        var interpreter = OutputComparison.Of(InterpreterBatch.Run(ours, inputs, samples), ourOutputs);
        if (!interpreter.Passes)
            result.Failures.Add(interpreter.Problem is { } p ? "our interpreter vs LiteRT: " + p : string.Create(CultureInfo.InvariantCulture,
                $"our interpreter vs LiteRT: max scaled difference {interpreter.MaxScaledDiff:G4} > {OutputComparison.Tolerance:G}"));

        IReadOnlyList<BatchOutput> truth;
        if (model.TfLitePath is { } tfPath)
        {
            var tf = TfLiteReader.ReadFile(tfPath);
            var tfIo = SignatureIo.Of(tf);
            result.TfOps = OperatorNames.Histogram(tf);
            result.TfSize = new FileInfo(tfPath).Length;
            var order = tfIo.MatchInputs(io.Inputs.Select(e => e.Tensor.Name).ToList());
            var tfInputs = SampleInputs.Reorder(inputs, order);
            truth = tfIo.Inputs.Any(e => (e.Tensor.ShapeSignature ?? e.Tensor.Shape).Length == 0)
                ? RunScalarModel(tfPath, tfIo, tfInputs, samples)
                : OracleBatch.Run(tfPath, tfIo.Inputs.Select(e => ModelInput.Of(e.Tensor)).ToList(), tfInputs, samples, perSampleFallback: true);
            truth = tfIo.MatchOutputs(io.Outputs.Select(e => e.Tensor.Name).ToList()).Select(i => truth[i]).ToList();
            result.Truth = "tflite-float";
        }
        else if (reference is not null)
        {
            truth = reference(io.Inputs.Select(e => e.Name).ToList(), inputs, samples);
            result.Truth = "float64-reference";
        }
        else
        {
            // A quantization-aware graph: TensorFlow's own file of it is quantized, so its float conversion is held to
            // nothing here; the quantized file is (RealQatGraphTests).
            result.Truth = NoFloatTruth;
            return;
        }

        var cmp = OutputComparison.Of(ourOutputs, truth);
        if (cmp.Problem is not null) result.Failures.Add("outputs: " + cmp.Problem);
        else if (!cmp.Passes)
            result.Failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"outputs: max |ours - truth| / max(1, |truth|) = {cmp.MaxScaledDiff:G4} > {OutputComparison.Tolerance:G} (output {cmp.WorstOutput})"));
        result.MaxScaledDiff = double.IsNaN(cmp.MaxScaledDiff) ? null : cmp.MaxScaledDiff;
        result.MaxAbsDiff = double.IsNaN(cmp.MaxAbsDiff) ? null : cmp.MaxAbsDiff;
    }

    /// <summary>Runs a file whose inputs are scalars (no batch dimension: TensorFlow's conversion of a shapeless
    /// placeholder) in LiteRT one sample at a time.</summary>
    private static IReadOnlyList<BatchOutput> RunScalarModel(string path, SignatureIo io, IReadOnlyList<BatchInput> inputs, int samples)
    {
        if (inputs.Any(i => i.SampleShape.Length != 0))
            throw new NotSupportedException($"{path} takes scalars but our file's inputs are not scalar per sample.");
        var outputs = io.Outputs.Select(_ => new List<double>()).ToList();
        for (var s = 0; s < samples; s++)
        {
            var tensors = inputs.Select((x, i) => OracleTensor.FromDoubles(OracleBatch.DTypeOf(io.Inputs[i].Tensor.Type), [], [x.Values[s]])).ToList();
            var result = OracleRunner.Run(path, tensors);
            for (var o = 0; o < outputs.Count; o++) outputs[o].AddRange(result.Outputs[o].ToDoubles());
        }
        return outputs.Select(v => new BatchOutput([], v.ToArray())).ToList();
    }

    /// <summary>Seeded samples uniform in [0, 1) for every float input, in signature order; the batch dimension (fixed
    /// 1 or dynamic) is left out of the sample shape.</summary>
    public static List<BatchInput> UniformInputs(string seedName, SignatureIo io, int samples)
    {
        var rng = SeededInputs.For(seedName);
        return io.Inputs.Select(e =>
        {
            var signature = e.Tensor.ShapeSignature ?? e.Tensor.Shape;
            if (e.Tensor.Type != TensorType.Float32 || signature is not ([-1, ..] or [1, ..]))
                throw new NotSupportedException($"Input {e.Name} ({e.Tensor.Type} [{string.Join(",", signature)}]) is not a batched float input.");
            var sampleShape = signature[1..];
            var size = sampleShape.Aggregate(1, (a, d) => a * d);
            return new BatchInput(sampleShape, rng.Uniform(size * samples).Select(v => (double)v).ToArray());
        }).ToList();
    }
}
