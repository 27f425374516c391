using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Quantization.Calibration;

namespace TfLite.Core.Quantization.Optimization;

/// <summary>Runs a graph on calibration samples one at a time, quantizing float samples into integer inputs with the
/// input's own scale and zero point, as a caller of the converted model does.</summary>
internal sealed class SampleRunner
{
    private readonly CalibrationDataset _samples;

    public SampleRunner(TfLiteGraph graph, CalibrationDataset samples, InterpreterOptions options)
    {
        _samples = samples;
        Interpreter = new Interpreter.Interpreter(graph, options);
    }

    /// <summary>The interpreter, for reading tensors after <see cref="Run"/>.</summary>
    public Interpreter.Interpreter Interpreter { get; }

    /// <summary>Sets every input to sample <paramref name="index"/> and invokes the graph.</summary>
    public void Run(int index)
    {
        var sample = _samples.GetSample(index);
        for (var i = 0; i < Interpreter.Inputs.Count; i++)
        {
            var input = Interpreter.Inputs[i];
            ReadOnlySpan<float> values = sample[i];
            var shape = _samples.Inputs[i].SampleShape;
            switch (input.Type)
            {
                case TensorType.Int8: Interpreter.SetInput<sbyte>(i, Quantize<sbyte>(values, input.Quantization, QuantizeKernels.Quantize), shape); break;
                case TensorType.UInt8: Interpreter.SetInput<byte>(i, Quantize<byte>(values, input.Quantization, QuantizeKernels.Quantize), shape); break;
                case TensorType.Int16: Interpreter.SetInput<short>(i, Quantize<short>(values, input.Quantization, QuantizeKernels.Quantize), shape); break;
                default: Interpreter.SetInput<float>(i, values, shape); break;
            }
        }
        Interpreter.Invoke();
    }

    private delegate void Quantizer<T>(ReadOnlySpan<float> source, Span<T> destination, float scale, int zeroPoint,
        QuantizeArithmetic arithmetic, bool narrowRange);

    // TFLite's QUANTIZE: round half away from zero, add the zero point, saturate.
    private static T[] Quantize<T>(ReadOnlySpan<float> values, QuantizationParameters? q, Quantizer<T> quantize)
    {
        var (scale, zero) = q is { IsQuantized: true } ? (q.Scale[0], (int)q.ZeroPoint[0]) : (1f, 0);
        var result = new T[values.Length];
        quantize(values, result, scale, zero, QuantizeArithmetic.Divide, false);
        return result;
    }
}
