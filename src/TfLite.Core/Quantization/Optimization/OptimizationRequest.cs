namespace TfLite.Core.Quantization.Optimization;

/// <summary>What <see cref="ModelOptimizer.Optimize"/> should do: the quantization and, for the integer modes, the
/// calibration that supplies its activation ranges.</summary>
public sealed record OptimizationRequest
{
    /// <summary>The quantization mode and its options (their <see cref="QuantizationOptions.Ranges"/> are filled
    /// from calibration).</summary>
    public required QuantizationOptions Quantization { get; init; }

    /// <summary>Samples to calibrate on; null to rely on ranges from quantization-aware training.</summary>
    public CalibrationSamples? Calibration { get; init; }

    /// <summary>How ranges are taken from the samples.</summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;

    /// <summary>The percentile of <see cref="CalibrationMethod.Percentile"/>, in (0, 100].</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>Receives the number of samples calibrated so far.</summary>
    public IProgress<int>? SampleProgress { get; init; }
}
