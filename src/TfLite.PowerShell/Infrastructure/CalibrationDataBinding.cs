using System.Management.Automation;
using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Quantization.Calibration;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>
/// Collects what -CalibrationData received (paths of .npy/.npz/.csv files or image folders, NDArrays, numeric arrays,
/// possibly nested) and makes one <see cref="CalibrationDataset"/> of it for a model. Several arrays for a model
/// with as many inputs feed one input each; otherwise every item holds samples of all inputs and the items'
/// samples follow one another.
/// </summary>
internal sealed class CalibrationDataBinding
{
    private readonly List<(string? Path, NDArray? Array)> _items = [];

    /// <summary>True when no data was given.</summary>
    public bool IsEmpty => _items.Count == 0;

    /// <summary>Adds one item: a path (resolved against the current location) or values read as
    /// Invoke-TfLiteModel reads its input data.</summary>
    public void Add(PSCmdlet cmdlet, object? item)
    {
        item = item is PSObject ps ? ps.BaseObject : item;
        switch (item)
        {
            case null:
                return;
            case string path:
                _items.Add((cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path), null));
                return;
            case FileSystemInfo info:
                _items.Add((info.FullName, null));
                return;
            default:
                foreach (var named in InputDataBinding.For(cmdlet).Convert(item)) _items.Add((null, named.Array));
                return;
        }
    }

    /// <summary>The samples for <paramref name="graph"/>.</summary>
    /// <exception cref="TfLite.Core.QuantizationException">The calibration readers' errors
    /// (<see cref="CalibrationErrorIds"/>): files not found or of an unknown kind, data that does not fit the inputs.</exception>
    public CalibrationDataset For(TfLiteGraph graph, ImagePreprocessing images)
    {
        var arrays = _items.Where(i => i.Array is not null).Select(i => i.Array!).ToList();
        if (arrays.Count == _items.Count && arrays.Count == graph.Inputs.Count && arrays.Count > 1)
            return CalibrationData.FromArrays(graph, arrays);
        var parts = _items.Select(i => i.Path is { } path ? CalibrationData.FromPath(graph, path, images) : CalibrationData.FromArrays(graph, [i.Array!])).ToList();
        return parts.Count == 1 ? parts[0] : Concatenate(parts);
    }

    private static CalibrationDataset Concatenate(IReadOnlyList<CalibrationDataset> parts)
    {
        var starts = new int[parts.Count];
        for (var i = 1; i < parts.Count; i++) starts[i] = starts[i - 1] + parts[i - 1].Count;
        return new CalibrationDataset(parts[0].Inputs, starts[^1] + parts[^1].Count, s =>
        {
            var part = Array.FindLastIndex(starts, start => start <= s);
            return parts[part].GetSample(s - starts[part]);
        }, string.Join(", ", parts.Select(p => p.Source).Distinct()));
    }
}
