using TfLite.Core.Graph;
using TfLite.Core.Quantization.Modes;

namespace TfLite.Core.Quantization;

/// <summary>
/// Rewrites a float model into one of TensorFlow's quantized layouts (<see cref="QuantizationMode"/>). The input
/// graph is never changed: the result is a rewritten copy.
/// </summary>
public static class ModelQuantizer
{
    /// <summary>Quantizes a copy of <paramref name="floatGraph"/> as <paramref name="options"/> say.</summary>
    /// <exception cref="QuantizationException">The options do not fit the mode, the graph is already quantized,
    /// calibration ranges are missing (<c>MissingCalibrationData</c>), or <see cref="QuantizationOptions.IntegerOnly"/>
    /// meets an operator without an integer kernel (<c>NoIntegerKernel</c>).</exception>
    public static TfLiteGraph Quantize(TfLiteGraph floatGraph, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(floatGraph);
        ArgumentNullException.ThrowIfNull(options);
        OptionChecks.Validate(floatGraph, options);
        var graph = floatGraph.Clone();
        switch (options.Mode)
        {
            case QuantizationMode.Float16:
                Float16Quantizer.Apply(graph, options);
                break;
            case QuantizationMode.DynamicRange:
                DynamicRangeQuantizer.Apply(graph, options);
                break;
            case QuantizationMode.Int8:
            case QuantizationMode.Int16x8:
                IntegerQuantizer.Apply(graph, options);
                break;
        }
        return graph;
    }
}
