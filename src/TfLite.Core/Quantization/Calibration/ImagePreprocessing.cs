namespace TfLite.Core.Quantization.Calibration;

/// <summary>How images become model inputs: decoded to the input's channel count (1 = grey, 3 = RGB), resized
/// bilinearly to the input's height and width, then <c>x * Scale + Offset</c> per value as Keras' Rescaling layer.</summary>
public sealed record ImagePreprocessing
{
    /// <summary>Multiplier of the 0..255 pixel values (e.g. 1/255).</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>Added after scaling (e.g. -1 with Scale 1/127.5 for [-1, 1]).</summary>
    public float Offset { get; init; }

    /// <summary>Expected (width, height); null takes the model input's. A size that differs from the input's is an error.</summary>
    public (int Width, int Height)? Size { get; init; }
}
