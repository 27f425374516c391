namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Geometry and input-side quantization of a convolution-like integer kernel (TFLite's <c>ConvParams</c>).</summary>
/// <param name="StrideHeight">Vertical stride.</param>
/// <param name="StrideWidth">Horizontal stride.</param>
/// <param name="DilationHeight">Vertical dilation factor.</param>
/// <param name="DilationWidth">Horizontal dilation factor.</param>
/// <param name="PadHeight">Rows of zero padding before the first input row.</param>
/// <param name="PadWidth">Columns of zero padding before the first input column.</param>
/// <param name="InputOffset">Added to every input value: minus the input zero point (0 for int16).</param>
/// <param name="FilterOffset">Added to every filter value: minus the filter zero point (0 except for uint8).</param>
public readonly record struct QuantizedConvParams(
    int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth, int PadHeight, int PadWidth,
    int InputOffset, int FilterOffset = 0);
