using System.Collections;
using System.Management.Automation;
using TfLite.Core;
using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Quantization.Optimization;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>
/// Turns what -CalibrationData received (paths of .npy/.npz files, NDArrays, numeric arrays, possibly nested) into
/// <see cref="CalibrationSamples"/> for one model. A model with one input takes the samples of every item in turn;
/// a model with several inputs takes one array per input (an .npz with one array per input, or one item each).
/// </summary>
internal sealed class CalibrationDataBinding
{
    private readonly List<(NDArray Array, string Source)> _arrays = [];

    /// <summary>True when no data was given.</summary>
    public bool IsEmpty => _arrays.Count == 0;

    /// <summary>Adds one item. Paths are resolved against the current location.</summary>
    /// <exception cref="QuantizationException"><c>UnsupportedCalibrationData</c>: a file or object that is no
    /// calibration data this build reads.</exception>
    public void Add(PSCmdlet cmdlet, object? item)
    {
        item = item is PSObject ps ? ps.BaseObject : item;
        switch (item)
        {
            case null:
                return;
            case string path:
                AddFile(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
                return;
            case FileSystemInfo info:
                AddFile(info.FullName);
                return;
            case NDArray array:
                _arrays.Add((array, "array"));
                return;
            case IEnumerable sequence:
                _arrays.Add((FromNested(sequence), "array"));
                return;
            default:
                throw Unsupported($"Calibration data of type {item.GetType().Name} is not supported; give .npy/.npz paths or numeric arrays.", item.ToString() ?? "");
        }
    }

    /// <summary>The samples for <paramref name="graph"/>.</summary>
    /// <exception cref="QuantizationException"><c>CalibrationDataMismatch</c>: the data does not fit the inputs.</exception>
    public CalibrationSamples For(TfLiteGraph graph)
    {
        if (_arrays.Count == graph.Inputs.Count)
            return CalibrationSamples.For(graph, _arrays.Select(a => a.Array).ToList(), string.Join(", ", _arrays.Select(a => a.Source).Distinct()));
        if (graph.Inputs.Count != 1)
            return CalibrationSamples.For(graph, _arrays.Select(a => a.Array).ToList(), "the calibration data");
        // One input: every item holds samples of it (checked one by one so that a bad one is named).
        var values = new List<float>();
        var size = 0;
        foreach (var (array, source) in _arrays)
        {
            var samples = CalibrationSamples.For(graph, [array], source);
            size = (int)Shape.ElementCount(samples.SampleShapes[0]);
            for (var s = 0; s < samples.Count; s++) values.AddRange(samples.Sample(0, s).ToArray());
        }
        return CalibrationSamples.For(graph, [new NDArray(values.ToArray(), values.Count / size, size)], string.Join(", ", _arrays.Select(a => a.Source).Distinct()));
    }

    private void AddFile(string path)
    {
        if (!File.Exists(path))
            throw new QuantizationException("MissingCalibrationData", $"The calibration data file '{path}' does not exist.", path);
        switch (System.IO.Path.GetExtension(path).ToLowerInvariant())
        {
            case ".npy":
                _arrays.Add((NpyReader.Read(path), path));
                break;
            case ".npz":
                foreach (var (name, array) in NpzReader.Read(path)) _arrays.Add((array, $"{path}:{name}"));
                break;
            default:
                throw Unsupported($"Calibration data '{path}' is not a .npy or .npz file; this build reads NumPy files and arrays.", path);
        }
    }

    /// <summary>Numbers nested in arrays (PowerShell's @(@(...), ...)), shaped by the nesting.</summary>
    private static NDArray FromNested(IEnumerable sequence)
    {
        if (sequence is Array { Rank: > 1 } multi)
        {
            var flat = new float[multi.Length];
            var i = 0;
            foreach (var v in multi) flat[i++] = ToFloat(v);
            return new NDArray(flat, Enumerable.Range(0, multi.Rank).Select(multi.GetLength).ToArray());
        }
        var values = new List<float>();
        var shape = Collect(sequence, values, 0, new List<int>());
        return new NDArray(values.ToArray(), [.. shape]);
    }

    private static List<int> Collect(IEnumerable sequence, List<float> values, int depth, List<int> shape)
    {
        var count = 0;
        foreach (var raw in sequence)
        {
            var item = raw is PSObject ps ? ps.BaseObject : raw;
            if (item is IEnumerable inner and not string) Collect(inner, values, depth + 1, shape);
            else values.Add(ToFloat(item));
            count++;
        }
        if (shape.Count <= depth) shape.Add(count);
        else if (shape[depth] != count)
            throw new QuantizationException("CalibrationDataMismatch", "The nested calibration arrays are ragged (rows of different lengths).", "array");
        return shape;
    }

    private static float ToFloat(object? value) => value switch
    {
        PSObject ps => ToFloat(ps.BaseObject),
        IConvertible c when value is not string => Convert.ToSingle(c, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new QuantizationException("CalibrationDataMismatch", $"The calibration value '{value}' is not a number.", "array"),
    };

    private static QuantizationException Unsupported(string message, string target) => new("UnsupportedCalibrationData", message, target);
}
