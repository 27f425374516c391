using TfLite.Core.Quantization.Calibration;

namespace TfLite.Core.Quantization.Optimization;

/// <summary>What <see cref="ModelOptimizer.Optimize"/> should do: the quantization and, for the integer modes, the
/// calibration that supplies its activation ranges.</summary>
public sealed record OptimizationRequest
{
    /// <summary>The quantization mode and its options (their <see cref="QuantizationOptions.Ranges"/> are filled
    /// from calibration).</summary>
    public required QuantizationOptions Quantization { get; init; }

    /// <summary>Samples to calibrate on; null to rely on ranges from quantization-aware training or on
    /// <see cref="QuantizationOptions.Ranges"/> calibrated before.</summary>
    public CalibrationDataset? Calibration { get; init; }

    /// <summary>How ranges are taken from the samples.</summary>
    public RangeMethod Method { get; init; } = RangeMethod.MinMax;

    /// <summary>The percentile of <see cref="RangeMethod.Percentile"/>, in (0, 100].</summary>
    public double Percentile { get; init; } = PercentileObserver.DefaultPercentile;

    /// <summary>Receives the number of samples calibrated so far.</summary>
    public IProgress<CalibrationProgress>? SampleProgress { get; init; }
}
