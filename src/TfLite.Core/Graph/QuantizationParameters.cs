namespace TfLite.Core.Graph;

/// <summary>
/// Affine quantization of a tensor: <c>real = scale * (q - zero_point)</c>, per tensor (one scale) or per channel
/// along <see cref="QuantizedDimension"/>. <see cref="Min"/>/<see cref="Max"/> carry recorded ranges (calibration or
/// quantization-aware training) as TFLite's schema does.
/// </summary>
public sealed class QuantizationParameters
{
    /// <summary>Scales, one per tensor or one per channel.</summary>
    public float[] Scale { get; set; } = [];

    /// <summary>Zero points, same length as <see cref="Scale"/>.</summary>
    public long[] ZeroPoint { get; set; } = [];

    /// <summary>The axis that per-channel scales run along.</summary>
    public int QuantizedDimension { get; set; }

    /// <summary>Recorded minimum values (per tensor or per channel), if any.</summary>
    public float[]? Min { get; set; }

    /// <summary>Recorded maximum values (per tensor or per channel), if any.</summary>
    public float[]? Max { get; set; }

    /// <summary>True when scales are present, i.e. the tensor's values are quantized.</summary>
    public bool IsQuantized => Scale.Length > 0;

    /// <summary>True when there is more than one scale.</summary>
    public bool IsPerChannel => Scale.Length > 1;

    /// <summary>One scale and zero point for the whole tensor.</summary>
    public static QuantizationParameters PerTensor(float scale, long zeroPoint) =>
        new() { Scale = [scale], ZeroPoint = [zeroPoint] };

    /// <summary>A deep copy.</summary>
    public QuantizationParameters Clone() => new()
    {
        Scale = (float[])Scale.Clone(),
        ZeroPoint = (long[])ZeroPoint.Clone(),
        QuantizedDimension = QuantizedDimension,
        Min = (float[]?)Min?.Clone(),
        Max = (float[]?)Max?.Clone(),
    };
}
