using System.Diagnostics;
using System.Globalization;
using System.Text;
using TfLite.Core.Graph;
using TfLite.Core.IO;
using TfLite.Core.Keras;
using TfLite.Core.Keras.Config;
using TfLite.Core.Keras.Conversion;
using TfLite.Core.Serialization;
using TfLite.Core.Serialization.Writing;
using TfLite.Core.Transforms;

namespace TfLite.Benchmarks.Benchmarks;

/// <summary>
/// Where a conversion's time goes: the steps of <see cref="KerasImporter.Import"/> and <see cref="TfLiteWriter.WriteFile"/>
/// taken one by one, as they call them, with the atomic write's flush to disk shown apart (the same file written once
/// more without it). Each run starts after a full collection; the mean and fastest wall time of each step.
/// </summary>
internal static class ConversionStages
{
    private static readonly string[] Names =
        ["open the Keras file", "parse the model config", "lower the layers (weights read)", "graph passes", "flatbuffer tables",
         "write the file, flushed to disk", "the same write without the flush"];

    /// <summary>The markdown table of the steps of <paramref name="runs"/> conversions of <paramref name="model"/>.</summary>
    public static string Table(string model, string folder, int runs)
    {
        string tflite = Path.Combine(folder, "stages.tflite"), unflushed = Path.Combine(folder, "stages-unflushed.tflite");
        var times = new double[Names.Length, runs];
        for (int r = 0; r < runs; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            int step = 0;
            long start = Stopwatch.GetTimestamp();
            void Lap()
            {
                times[step++, r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
            }
            TfLiteGraph graph;
            using (var file = KerasModelFile.Open(model))
            {
                Lap();
                var parsed = ModelConfigParser.Parse(file.ModelConfigJson, model);
                Lap();
                graph = KerasGraphConverter.Convert(parsed, file.GetDeferredWeights,
                    KerasImporter.ParseVersion(file.KerasVersion, file.ModelConfigJson), model, new KerasImportOptions());
                Lap();
                ConverterPasses.Apply(graph, ConverterPassOptions.Default with { ConstantsUnshared = true });
                Lap();
            }
            var serialized = ModelBuilder.Serialize(graph, TfLiteWriter.DefaultDescription);
            Lap();
            AtomicFile.Write(tflite, overwrite: true, serialized.WriteTo);
            Lap();
            using (var stream = new FileStream(unflushed, FileMode.Create, FileAccess.Write)) serialized.WriteTo(stream);
            Lap();
        }

        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Steps of {runs} in-process conversions, each after a full collection, as `KerasImporter.Import` and `TfLiteWriter.WriteFile` take them; " +
            $"the last row writes the same file once more without flushing it to disk. Wall ms.")).AppendLine();
        sb.AppendLine("| step | mean | fastest |").AppendLine("|---|---:|---:|");
        for (int s = 0; s < Names.Length; s++)
        {
            var stats = LatencyStats.Of(Enumerable.Range(0, runs).Select(r => times[s, r]).ToArray());
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {Names[s]} | {stats.Mean:F2} | {stats.Min:F2} |"));
        }
        return sb.ToString().TrimEnd();
    }
}
