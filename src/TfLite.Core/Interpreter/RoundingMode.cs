namespace TfLite.Core.Interpreter;

/// <summary>
/// How integer kernels round when they requantize (TFLite's <c>MultiplyByQuantizedMultiplier</c>).
/// </summary>
public enum RoundingMode
{
    /// <summary>gemmlowp-style double rounding: TFLite's reference kernels, TFLite Micro and CMSIS-NN (default).</summary>
    Double = 0,
    /// <summary>One rounding of the 64-bit product (<c>TFLITE_SINGLE_ROUNDING</c>; what TFLite's XNNPACK path agrees with).</summary>
    Single = 1,
}
