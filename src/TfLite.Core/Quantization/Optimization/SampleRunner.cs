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
                case TensorType.Int8: Interpreter.SetInput<sbyte>(i, Quantize(values, input.Quantization, -128, 127, v => (sbyte)v), shape); break;
                case TensorType.UInt8: Interpreter.SetInput<byte>(i, Quantize(values, input.Quantization, 0, 255, v => (byte)v), shape); break;
                case TensorType.Int16: Interpreter.SetInput<short>(i, Quantize(values, input.Quantization, -32768, 32767, v => (short)v), shape); break;
                default: Interpreter.SetInput<float>(i, values, shape); break;
            }
        }
        Interpreter.Invoke();
    }

    // TFLite's QUANTIZE: round half away from zero, add the zero point, saturate.
    private static T[] Quantize<T>(ReadOnlySpan<float> values, QuantizationParameters? q, int min, int max, Func<int, T> cast)
    {
        var (scale, zero) = q is { IsQuantized: true } ? (q.Scale[0], (int)q.ZeroPoint[0]) : (1f, 0);
        var result = new T[values.Length];
        for (var i = 0; i < values.Length; i++)
            result[i] = cast(Math.Clamp((int)MathF.Round(values[i] / scale, MidpointRounding.AwayFromZero) + zero, min, max));
        return result;
    }
}
