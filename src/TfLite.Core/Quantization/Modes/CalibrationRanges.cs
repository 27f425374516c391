using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// The range of each activation tensor: a range recorded in the graph (quantization-aware training) wins over the
/// calibrated one in <see cref="QuantizationOptions.Ranges"/>. Tensors without either are collected so that one
/// error names them all.
/// </summary>
internal sealed class CalibrationRanges(QuantizationOptions options)
{
    private readonly List<string> _missing = [];

    /// <summary>The range of <paramref name="tensor"/> and whether training recorded it, or null (and the tensor noted
    /// as missing).</summary>
    public (float Min, float Max, bool Trained)? Of(Tensor tensor)
    {
        if (tensor.Quantization is { Min: [var qatMin], Max: [var qatMax] }) return (qatMin, qatMax, true);
        if (options.Ranges is { } ranges && ranges.TryGetValue(tensor.Name, out var r))
        {
            if (!float.IsFinite(r.Min) || !float.IsFinite(r.Max) || r.Min > r.Max)
                throw new QuantizationException("InvalidCalibrationRange", $"The calibration range [{r.Min}, {r.Max}] of tensor '{tensor.Name}' is not a finite interval.", tensor.Name);
            return (r.Min, r.Max, false);
        }
        if (!_missing.Contains(tensor.Name)) _missing.Add(tensor.Name);
        return null;
    }

    /// <summary>Throws <c>MissingCalibrationData</c> naming every tensor without a range.</summary>
    public void ThrowIfMissing()
    {
        if (_missing.Count == 0) return;
        throw new QuantizationException("MissingCalibrationData",
            $"No calibration range for {_missing.Count} tensor(s): {string.Join(", ", _missing.Select(n => $"'{n}'"))}. Calibrate the float model first.",
            _missing[0]);
    }
}
