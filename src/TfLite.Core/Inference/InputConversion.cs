using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Kernels;

namespace TfLite.Core.Inference;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>
/// Puts an <see cref="NDArray"/> into an interpreter input of possibly another element type: real values into a
/// quantized input are quantized with the input's scale and zero point (as TFLite's QUANTIZE does); values of the
/// input's own type are copied; other conversions must keep every value exact.
/// </summary>
internal static class InputConversion
{
    public static void SetInput(Interpreter interpreter, int index, NDArray array)
    {
        var tensor = interpreter.Inputs[index];
        var shape = ShapeFor(tensor.Shape, array);
        var q = tensor.Quantization is { IsQuantized: true } p && tensor.Type.IsQuantizedType() ? p : null;
        switch (tensor.Type)
        {
            case TensorType.Float32: interpreter.SetInput(index, array.Data as float[] ?? array.ToSingleArray(), shape); return;
            case TensorType.Float16: interpreter.SetInput(index, Array.ConvertAll(array.ToSingleArray(), v => (Half)v), shape); return;
            case TensorType.Float64:
                interpreter.SetInput(index, array.Data as double[] ?? Array.ConvertAll(array.ToSingleArray(), v => (double)v), shape);
                return;
            case TensorType.Int8 when q is not null && array.ElementType != TensorType.Int8:
                interpreter.SetInput(index, Quantize<sbyte>(array, q, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v), shape); return;
            case TensorType.UInt8 when q is not null && array.ElementType != TensorType.UInt8:
                interpreter.SetInput(index, Quantize<byte>(array, q, byte.MinValue, byte.MaxValue, v => (byte)v), shape); return;
            case TensorType.Int16 when q is not null && array.ElementType != TensorType.Int16:
                interpreter.SetInput(index, Quantize<short>(array, q, short.MinValue, short.MaxValue, v => (short)v), shape); return;
            case TensorType.Int8: interpreter.SetInput(index, Exact<sbyte>(array, tensor.Name, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v), shape); return;
            case TensorType.UInt8: interpreter.SetInput(index, Exact<byte>(array, tensor.Name, byte.MinValue, byte.MaxValue, v => (byte)v), shape); return;
            case TensorType.Int16: interpreter.SetInput(index, Exact<short>(array, tensor.Name, short.MinValue, short.MaxValue, v => (short)v), shape); return;
            case TensorType.Int32: interpreter.SetInput(index, Exact<int>(array, tensor.Name, int.MinValue, int.MaxValue, v => (int)v), shape); return;
            case TensorType.Int64: interpreter.SetInput(index, Exact<long>(array, tensor.Name, long.MinValue, long.MaxValue, v => (long)v), shape); return;
            case TensorType.Bool: interpreter.SetInput(index, Exact<bool>(array, tensor.Name, 0, 1, v => v != 0), shape); return;
            default:
                throw new InterpreterException(InferenceErrorIds.InputTypeMismatch,
                    $"Input '{tensor.Name}' is {tensor.Type}; values cannot be set into it from {array.ElementType} data.", tensor.Name);
        }
    }

    /// <summary>The array's shape when it has the input's rank (the interpreter then resizes batch or dynamic
    /// dimensions); otherwise none, so the values fill the input with the batch taken from their count.</summary>
    private static int[]? ShapeFor(int[] inputShape, NDArray array) =>
        array.Rank == inputShape.Length && array.Rank > 0 ? array.GetShape() : null;

    private static T[] Quantize<T>(NDArray array, QuantizationParameters q, int min, int max, Func<int, T> cast) where T : unmanaged
    {
        var real = array.ToSingleArray();
        var result = new T[real.Length];
        QuantizeKernel.Quantize<T>(real, result, q.Scale[0], (int)q.ZeroPoint[0], min, max, cast);
        return result;
    }

    /// <summary>Converts by value, refusing any value the target type cannot hold exactly.</summary>
    private static T[] Exact<T>(NDArray array, string input, double min, double max, Func<double, T> cast)
    {
        // Values of the input's own type need no check (and no boxing of every element).
        if (array.Data is T[] same) return same;
        var result = new T[array.Length];
        for (int i = 0; i < result.Length; i++)
        {
            double v = Convert.ToDouble(array.Data.GetValue(i));
            if (v != Math.Floor(v) || v < min || v > max)
                throw new InterpreterException(InferenceErrorIds.InputTypeMismatch,
                    $"Input '{input}' is {typeof(T).Name}; value {v} (element {i} of the {array.ElementType} data) does not fit it.", input);
            result[i] = cast(v);
        }
        return result;
    }
}
