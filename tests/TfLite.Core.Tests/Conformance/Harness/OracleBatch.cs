using TfLite.Core.Graph;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>One model input for a batch of samples: the per-sample shape and all samples' values back to back.</summary>
/// <param name="SampleShape">Shape of one sample (no batch dim).</param>
/// <param name="Values">Samples concatenated in order.</param>
public sealed record BatchInput(int[] SampleShape, double[] Values);

/// <summary>An output over all samples: per-sample shape and values back to back.</summary>
/// <param name="SampleShape">Shape of one sample's output (no batch dim).</param>
/// <param name="Values">Samples concatenated in order.</param>
public sealed record BatchOutput(int[] SampleShape, double[] Values);

/// <summary>What the batching needs to know of a model input: element type and shape signature (-1 = dynamic).</summary>
/// <param name="DType">The oracle's element type name.</param>
/// <param name="ShapeSignature">Shape with -1 for dynamic dims.</param>
public sealed record ModelInput(string DType, int[] ShapeSignature)
{
    /// <summary>From a graph tensor.</summary>
    public static ModelInput Of(Tensor t) => new(OracleBatch.DTypeOf(t.Type), t.ShapeSignature ?? t.Shape);

    /// <summary>From the oracle's description.</summary>
    public static ModelInput Of(OracleTensorInfo t) => new(t.DType, t.ShapeSignature ?? t.Shape);
}

/// <summary>
/// Runs many samples through a model in the oracle with as few node processes as possible: one run with the whole
/// batch when every input's batch dim is dynamic, else one run per sample (batch fixed to 1).
/// </summary>
public static class OracleBatch
{
    /// <summary>Runs <paramref name="samples"/> samples; <paramref name="modelInputs"/> describe the model's inputs in
    /// signature order.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="modelInputs">Element type and shape signature of each input.</param>
    /// <param name="inputs">The samples of each input.</param>
    /// <param name="samples">Number of samples.</param>
    /// <param name="perSampleFallback">When a dynamic-batch model fails to run a batch, run it sample by sample. Only
    /// for files whose batch handling is not under test (some of TensorFlow's files pin the batch inside the graph).</param>
    /// <param name="perSample">Feed the samples one at a time even when the batch is dynamic.</param>
    public static IReadOnlyList<BatchOutput> Run(string modelPath, IReadOnlyList<ModelInput> modelInputs, IReadOnlyList<BatchInput> inputs,
        int samples, bool perSampleFallback = false, bool perSample = false)
    {
        if (modelInputs.Count != inputs.Count)
            throw new ArgumentException($"The model has {modelInputs.Count} inputs, {inputs.Count} given.");
        var dynamic = !perSample && modelInputs.All(t => t.ShapeSignature is [-1, ..]);
        if (!dynamic && modelInputs.Any(t => t.ShapeSignature is not ([1, ..] or [-1, ..])))
            throw new NotSupportedException("A fixed batch other than 1 cannot be fed sample by sample.");
        if (dynamic && samples > 1 && perSampleFallback)
        {
            try
            {
                return RunBatches(modelPath, modelInputs, inputs, samples, dynamic: true);
            }
            catch (OracleException e) when (e.ExitCode == 3)
            {
                return RunBatches(modelPath, modelInputs, inputs, samples, dynamic: false);
            }
        }
        return RunBatches(modelPath, modelInputs, inputs, samples, dynamic);
    }

    private static IReadOnlyList<BatchOutput> RunBatches(string modelPath, IReadOnlyList<ModelInput> modelInputs, IReadOnlyList<BatchInput> inputs,
        int samples, bool dynamic)
    {
        var runs = dynamic ? 1 : samples;
        var perRun = dynamic ? samples : 1;
        var outputs = new List<(int[] Shape, List<double> Values)>();
        for (var r = 0; r < runs; r++)
        {
            var tensors = inputs.Select((input, i) =>
            {
                var size = RefSize(input.SampleShape);
                var slice = input.Values.AsSpan(r * perRun * size, perRun * size).ToArray();
                return OracleTensor.FromDoubles(modelInputs[i].DType, [perRun, .. input.SampleShape], slice);
            }).ToList();
            var result = OracleRunner.Run(modelPath, tensors);
            for (var o = 0; o < result.Outputs.Count; o++)
            {
                var y = result.Outputs[o];
                if (y.Shape.Length == 0 || y.Shape[0] != perRun)
                    throw new InvalidOperationException($"Output {o} has shape [{string.Join(",", y.Shape)}], expected batch {perRun} first.");
                if (r == 0) outputs.Add((y.Shape[1..], []));
                outputs[o].Values.AddRange(y.Dequantized ?? y.ToDoubles());
            }
        }
        return outputs.Select(o => new BatchOutput(o.Shape, o.Values.ToArray())).ToList();
    }

    private static int RefSize(int[] shape) => shape.Aggregate(1, (a, d) => a * d);

    /// <summary>The oracle's name of a tensor type.</summary>
    public static string DTypeOf(TensorType type) => type switch
    {
        TensorType.Float32 => "float32",
        TensorType.Int8 => "int8",
        TensorType.UInt8 => "uint8",
        TensorType.Int16 => "int16",
        TensorType.Int32 => "int32",
        TensorType.Int64 => "int64",
        TensorType.Bool => "bool",
        _ => throw new NotSupportedException($"Input type {type} cannot be fed to the oracle."),
    };
}
