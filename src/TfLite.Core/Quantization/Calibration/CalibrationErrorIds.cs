namespace TfLite.Core.Quantization.Calibration;

/// <summary>Stable ErrorIds of <see cref="QuantizationException"/>s about calibration data.</summary>
public static class CalibrationErrorIds
{
    /// <summary>The calibration data file or folder does not exist.</summary>
    public const string DataNotFound = "CalibrationDataNotFound";

    /// <summary>The calibration data holds no samples.</summary>
    public const string NoSamples = "CalibrationDataEmpty";

    /// <summary>The data does not fit a model input (element count, number of inputs, sample counts).</summary>
    public const string ShapeMismatch = "CalibrationDataShapeMismatch";

    /// <summary>A file cannot be read as calibration data (unparsable CSV, undecodable image, bad array file).</summary>
    public const string InvalidData = "CalibrationDataInvalid";
}
