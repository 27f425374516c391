namespace TfLite.Core.Interpreter;

/// <summary>
/// How integer kernels round when they requantize (TFLite's <c>MultiplyByQuantizedMultiplier</c>).
/// </summary>
public enum RoundingMode
{
    /// <summary>gemmlowp-style double rounding: TFLite's reference kernels, TFLite Micro and CMSIS-NN (default).</summary>
    Double = 0,
    /// <summary>One rounding of the 64-bit product (<c>TFLITE_SINGLE_ROUNDING</c>).</summary>
    Single = 1,
    /// <summary>
    /// What TFLite's CPU runtime with its XNNPACK delegate (LiteRT) computes, as measured against the LiteRT oracle:
    /// XNNPACK's convolution family (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and TRANSPOSE_CONV with a constant
    /// output shape) requantizes its 8-bit accumulators in float32 (accumulator × (input scale × filter scale / output
    /// scale), rounded half to even); 8-bit LEAKY_RELU and 8-bit to 8-bit QUANTIZE rescale by XNNPACK's 16-bit
    /// multipliers; every other 8-bit kernel rounds as <see cref="Single"/>. What XNNPACK does not take runs in TFLite's
    /// builtin kernels, which LiteRT builds with <see cref="Double"/> rounding: operators with int16 tensors (int16x8
    /// models) and a TRANSPOSE_CONV whose output shape is computed at run time.
    /// </summary>
    Xnnpack = 2,
}
