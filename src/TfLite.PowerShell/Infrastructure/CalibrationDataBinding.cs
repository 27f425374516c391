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

    /// <summary>Adds one item (paths resolved against the current location), read as Invoke-TfLiteModel reads
    /// its input data.</summary>
    /// <exception cref="QuantizationException"><c>MissingCalibrationData</c>: a file that does not exist;
    /// <c>UnsupportedCalibrationData</c>: a file that is no .npy/.npz file.</exception>
    public void Add(PSCmdlet cmdlet, object? item)
    {
        item = item is PSObject ps ? ps.BaseObject : item;
        if (item is null) return;
        var source = "array";
        if (item is string or FileSystemInfo)
        {
            source = item is FileSystemInfo info ? info.FullName : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath((string)item);
            if (!File.Exists(source))
                throw new QuantizationException("MissingCalibrationData", $"The calibration data file '{source}' does not exist.", source);
            if (System.IO.Path.GetExtension(source).ToLowerInvariant() is not (".npy" or ".npz"))
                throw new QuantizationException("UnsupportedCalibrationData",
                    $"Calibration data '{source}' is not a .npy or .npz file; this build reads NumPy files and arrays.", source);
            item = source;
        }
        foreach (var named in InputDataBinding.For(cmdlet).Convert(item))
            _arrays.Add((named.Array, named.Name is null ? source : $"{source}:{named.Name}"));
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
}
