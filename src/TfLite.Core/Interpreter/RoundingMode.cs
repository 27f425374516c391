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
    /// What TFLite's CPU runtime with its XNNPACK delegate (LiteRT) computes for int8 and uint8 models: the
    /// convolution family (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV) requantizes its accumulators
    /// in float32 (accumulator × (input scale × filter scale / output scale), rounded half to even), every other
    /// kernel rounds as <see cref="Single"/>. Operators with int16 tensors (int16x8 models), which LiteRT runs in
    /// TFLite's builtin kernels, round as <see cref="Double"/>.
    /// </summary>
    Xnnpack = 2,
}
