namespace TfLite.Core.Quantization;

/// <summary>How <see cref="ModelQuantizer"/> rewrites a float model, named after TensorFlow's converter options.</summary>
public enum QuantizationMode
{
    /// <summary>Float constants stored as float16, dequantized to float32 when the model loads
    /// (<c>supported_types=[tf.float16]</c>).</summary>
    Float16,

    /// <summary>Int8 symmetric weights with hybrid kernels that quantize activations on the fly
    /// (<c>Optimize.DEFAULT</c> without a representative dataset).</summary>
    DynamicRange,

    /// <summary>Full integer: int8 activations from calibrated ranges, int8 weights, int32 biases.</summary>
    Int8,

    /// <summary>Int16 activations (zero point 0), int8 weights, int64 biases
    /// (<c>EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8</c>).</summary>
    Int16x8,
}
