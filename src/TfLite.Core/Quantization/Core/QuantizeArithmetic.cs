namespace TfLite.Core.Quantization;

/// <summary>
/// How a float becomes an integer. TensorFlow uses three slightly different formulas in different places, and
/// the last bit of a weight only matches TensorFlow's own file when the same one is used. All three round halves
/// away from zero (TFLite's <c>TfLiteRound</c> / <c>std::round</c>), saturate ±Inf to the range ends and map NaN to
/// the zero point.
/// </summary>
public enum QuantizeArithmetic
{
    /// <summary>q = clamp(round(x / scale) + zero_point), the division in float32: TFLite's QUANTIZE op (reference
    /// <c>AffineQuantize</c>). Use it for activations and network inputs.</summary>
    Divide,

    /// <summary>q = clamp(round(x / scale + zero_point)), all in float64: TensorFlow's MLIR converter when it folds
    /// constant tensors (weights, biases) into their quantized type. Note the zero point is added before rounding.</summary>
    DivideInDouble,

    /// <summary>q = clamp(round(x * (float)(1.0 / scale)) + zero_point), the product in float32: TensorFlow's legacy
    /// quantizer (<c>tools/optimize</c>) for biases and int16 tensors.</summary>
    MultiplyByReciprocal,
}
