using System.Globalization;
using TfLite.Core.Data;
using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Calibration;

/// <summary>
/// Builds <see cref="CalibrationDataset"/>s for a graph from in-memory arrays, <c>.npy</c>/<c>.npz</c> files, CSV
/// files and folders of images. Arrays have the samples along their first axis; the rest of each array is one
/// sample, flattened, and must hold as many values as the model input.
/// </summary>
public static class CalibrationData
{
    /// <summary>Opens <paramref name="path"/> by its kind: a folder of images, <c>.npy</c>/<c>.npz</c>, or <c>.csv</c>.</summary>
    /// <exception cref="QuantizationException"><see cref="CalibrationErrorIds.DataNotFound"/> when nothing is there,
    /// <see cref="CalibrationErrorIds.InvalidData"/> for an unknown file kind, and the errors of each reader.</exception>
    public static CalibrationDataset FromPath(TfLiteGraph graph, string path, ImagePreprocessing? images = null)
    {
        if (Directory.Exists(path)) return CalibrationImages.FromFolder(graph, path, images ?? new ImagePreprocessing());
        RequireFile(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".npy" or ".npz" => FromNumPy(graph, path),
            ".csv" or ".txt" => FromCsv(graph, path),
            var ext => throw new QuantizationException(CalibrationErrorIds.InvalidData,
                $"Calibration data '{path}' is neither a folder of images nor a .npy, .npz or .csv file ({ext}).", path),
        };
    }

    /// <summary>Samples from arrays, one per model input in order, samples along the first axis.</summary>
    public static CalibrationDataset FromArrays(TfLiteGraph graph, IReadOnlyList<NDArray> arrays, string source = "in-memory arrays")
    {
        var inputs = CalibrationInput.Of(graph);
        if (arrays.Count != inputs.Count)
            throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                $"The model has {inputs.Count} inputs but the calibration data {source} gives {arrays.Count} arrays.", source);
        int count = -1;
        var values = new float[arrays.Count][];
        for (int i = 0; i < arrays.Count; i++)
        {
            var a = arrays[i];
            if (a.Rank == 0 || a.Shape[0] == 0)
                throw new QuantizationException(CalibrationErrorIds.NoSamples, $"The calibration array {a} for input '{inputs[i].Name}' in {source} holds no samples.", source);
            if (count >= 0 && a.Shape[0] != count)
                throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                    $"The calibration arrays in {source} hold different numbers of samples ({count} and {a.Shape[0]} for input '{inputs[i].Name}').", inputs[i].Name);
            count = a.Shape[0];
            if (a.Length / count != inputs[i].SampleLength)
                throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                    $"Input '{inputs[i].Name}' takes samples of {Shape.Format(inputs[i].SampleShape)} ({inputs[i].SampleLength} values) but the calibration array {a} in {source} has {a.Length / count} values per sample.",
                    inputs[i].Name);
            values[i] = a.ToSingleArray();
        }
        return new CalibrationDataset(inputs, count, s =>
        {
            var sample = new float[inputs.Count][];
            for (int i = 0; i < inputs.Count; i++) sample[i] = values[i].AsSpan(s * inputs[i].SampleLength, inputs[i].SampleLength).ToArray();
            return sample;
        }, source);
    }

    /// <summary>Samples from a <c>.npy</c> file (one input) or a <c>.npz</c> archive: arrays named like the model
    /// inputs are matched by name, otherwise the archive's arrays are taken in order.</summary>
    public static CalibrationDataset FromNumPy(TfLiteGraph graph, string path)
    {
        RequireFile(path);
        if (!NpzReader.IsZip(path)) return FromArrays(graph, [NpyReader.Read(path)], path);
        var arrays = NpzReader.Read(path);
        var inputs = CalibrationInput.Of(graph);
        var byName = arrays.ToDictionary(kv => kv.Key.EndsWith(".npy", StringComparison.Ordinal) ? kv.Key[..^4] : kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var named = inputs.Select(i => byName.GetValueOrDefault(i.Name) ?? byName.GetValueOrDefault(SimpleName(i.Name))).ToList();
        return FromArrays(graph, named.All(a => a is not null) ? named.Select(a => a!).ToList() : [.. arrays.Select(kv => kv.Value)], path);
    }

    // TensorFlow names inputs "serving_default_x:0"; an archive saved from Python calls the same array "x".
    private static string SimpleName(string name)
    {
        int colon = name.LastIndexOf(':');
        if (colon > 0) name = name[..colon];
        return name.StartsWith("serving_default_", StringComparison.Ordinal) ? name["serving_default_".Length..] : name;
    }

    /// <summary>Samples from a CSV file: one sample per row, comma-separated numbers, all inputs' values in input
    /// order. A first row that is not numeric is taken as a header; empty lines are skipped.</summary>
    public static CalibrationDataset FromCsv(TfLiteGraph graph, string path)
    {
        RequireFile(path);
        var inputs = CalibrationInput.Of(graph);
        int width = inputs.Sum(i => i.SampleLength);
        var rows = new List<float[]>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Split(',');
            var row = new float[cells.Length];
            bool numeric = true;
            for (int c = 0; c < cells.Length && numeric; c++)
                numeric = float.TryParse(cells[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]);
            if (!numeric)
            {
                if (rows.Count == 0 && lineNumber == 1) continue;
                throw new QuantizationException(CalibrationErrorIds.InvalidData, $"Line {lineNumber} of '{path}' holds a value that is not a number.", path);
            }
            if (row.Length != width)
                throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                    $"Line {lineNumber} of '{path}' has {row.Length} values but the model inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}' {Shape.Format(i.SampleShape)}"))}) take {width}.",
                    path);
            rows.Add(row);
        }
        if (rows.Count == 0)
            throw new QuantizationException(CalibrationErrorIds.NoSamples, $"The calibration file '{path}' holds no samples.", path);
        return new CalibrationDataset(inputs, rows.Count, s =>
        {
            var sample = new float[inputs.Count][];
            for (int i = 0, at = 0; i < inputs.Count; at += inputs[i].SampleLength, i++) sample[i] = rows[s][at..(at + inputs[i].SampleLength)];
            return sample;
        }, path);
    }

    internal static void RequireFile(string path)
    {
        if (!File.Exists(path))
            throw new QuantizationException(CalibrationErrorIds.DataNotFound, $"Calibration data '{path}' does not exist.", path);
    }
}
