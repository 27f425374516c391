using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter;

/// <summary>Converts a runtime tensor's values to float for reports and comparisons.</summary>
internal static class TensorConversions
{
    public static float[] ToFloat(RuntimeTensor t)
    {
        var q = t.Quantization;
        float scale = q is { IsQuantized: true } ? q.Scale[0] : 1f;
        long zero = q is { IsQuantized: true } ? q.ZeroPoint[0] : 0;
        bool dequantize = q is { IsQuantized: true } && t.Type.IsQuantizedType();
        var result = new float[t.ElementCount];
        switch (t.Type)
        {
            case TensorType.Float32: t.AsSpan<float>().CopyTo(result); return result;
            case TensorType.Float16: Convert(t.AsSpan<Half>(), result, v => (float)v); return result;
            case TensorType.Float64: Convert(t.AsSpan<double>(), result, v => (float)v); return result;
            case TensorType.Int32: Convert(t.AsSpan<int>(), result, v => v); return result;
            case TensorType.Int64: Convert(t.AsSpan<long>(), result, v => v); return result;
            case TensorType.Bool: Convert(t.AsSpan<byte>(), result, v => v != 0 ? 1f : 0f); return result;
            case TensorType.Int8: Convert(t.AsSpan<sbyte>(), result, v => v); break;
            case TensorType.UInt8: Convert(t.AsSpan<byte>(), result, v => v); break;
            case TensorType.Int16: Convert(t.AsSpan<short>(), result, v => v); break;
            default: throw new InterpreterException("UnsupportedTensorType", $"Tensor '{t.Name}' of type {t.Type} has no float view.", t.Name);
        }
        if (dequantize)
            for (int i = 0; i < result.Length; i++) result[i] = scale * (result[i] - zero);
        return result;
    }

    private static void Convert<T>(ReadOnlySpan<T> source, Span<float> dest, Func<T, float> f)
    {
        for (int i = 0; i < source.Length; i++) dest[i] = f(source[i]);
    }
}
