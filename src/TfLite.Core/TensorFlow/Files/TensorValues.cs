using System.Runtime.InteropServices;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>
/// Decodes a <see cref="TensorProto"/>: its shape, and its values from <c>tensor_content</c> (little-endian bytes) or
/// from the typed repeated fields, where fewer values than elements repeat the last one (TensorFlow's rule for
/// splat constants) and no values at all mean zeros.
/// </summary>
public static class TensorValues
{
    /// <summary>The largest constant accepted, in elements; a declared shape beyond it is refused before allocating.</summary>
    public const long MaxElements = 1L << 28;

    /// <summary>The tensor's dimensions; an unknown dimension is an error.</summary>
    /// <exception cref="ModelFormatException">The shape has unknown or negative dimensions, or is too large.</exception>
    public static int[] ShapeOf(TensorProto tensor, string where)
    {
        var dims = tensor.TensorShape?.Dim.Select(d => d.Size).ToArray() ?? [];
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0 || d > int.MaxValue)
                throw Invalid(where, $"has dimension {d} in its shape");
            count *= Math.Max(d, 1);
            if (count > MaxElements) throw Invalid(where, $"declares more than {MaxElements} elements");
        }
        return [.. dims.Select(d => (int)d)];
    }

    /// <summary>The values as float32 (float, half, double, integer and bool tensors).</summary>
    public static float[] ToFloat(TensorProto tensor, string where)
    {
        var count = ElementCount(tensor, where);
        var content = tensor.TensorContent.Span;
        switch (tensor.Dtype)
        {
            case DataType.DtFloat:
                return content.Length > 0 ? FromContent<float>(content, count, where) : Splat(tensor.FloatVal, count);
            case DataType.DtDouble:
                return content.Length > 0
                    ? [.. FromContent<double>(content, count, where).Select(v => (float)v)]
                    : [.. Splat(tensor.DoubleVal, count).Select(v => (float)v)];
            case DataType.DtHalf:
            case DataType.DtBfloat16:
                return HalfValues(tensor, count, where);
            default:
                return [.. ToInt64(tensor, where).Select(v => (float)v)];
        }
    }

    /// <summary>The values as int64 (integer and bool tensors).</summary>
    public static long[] ToInt64(TensorProto tensor, string where)
    {
        var count = ElementCount(tensor, where);
        var content = tensor.TensorContent.Span;
        return tensor.Dtype switch
        {
            DataType.DtInt32 => content.Length > 0 ? [.. FromContent<int>(content, count, where).Select(v => (long)v)] : [.. Splat(tensor.IntVal, count).Select(v => (long)v)],
            DataType.DtInt64 => content.Length > 0 ? FromContent<long>(content, count, where) : Splat(tensor.Int64Val, count),
            DataType.DtInt16 => content.Length > 0 ? [.. FromContent<short>(content, count, where).Select(v => (long)v)] : [.. Splat(tensor.IntVal, count).Select(v => (long)v)],
            DataType.DtInt8 => content.Length > 0 ? [.. FromContent<sbyte>(content, count, where).Select(v => (long)v)] : [.. Splat(tensor.IntVal, count).Select(v => (long)v)],
            DataType.DtUint8 => content.Length > 0 ? [.. FromContent<byte>(content, count, where).Select(v => (long)v)] : [.. Splat(tensor.IntVal, count).Select(v => (long)v)],
            DataType.DtBool => content.Length > 0 ? [.. FromContent<byte>(content, count, where).Select(v => (long)(v != 0 ? 1 : 0))] : [.. Splat(tensor.BoolVal, count).Select(v => v ? 1L : 0L)],
            DataType.DtFloat or DataType.DtDouble or DataType.DtHalf => [.. ToFloat(tensor, where).Select(v => (long)v)],
            _ => throw Invalid(where, $"has dtype {tensor.Dtype}, which has no conversion"),
        };
    }

    private static int ElementCount(TensorProto tensor, string where) => (int)Graph.Shape.ElementCount(ShapeOf(tensor, where));

    private static T[] FromContent<T>(ReadOnlySpan<byte> content, int count, string where) where T : unmanaged
    {
        if (content.Length != (long)count * Marshal.SizeOf<T>())
            throw Invalid(where, $"holds {content.Length} bytes of tensor_content for {count} elements of {typeof(T).Name}");
        return MemoryMarshal.Cast<byte, T>(content).ToArray();
    }

    private static T[] Splat<T>(IList<T> values, int count)
    {
        var result = new T[count];
        if (values.Count == 0) return result;
        for (var i = 0; i < count; i++) result[i] = values[Math.Min(i, values.Count - 1)];
        return result;
    }

    private static float[] HalfValues(TensorProto tensor, int count, string where)
    {
        var bf16 = tensor.Dtype == DataType.DtBfloat16;
        ushort[] bits = tensor.TensorContent.Length > 0
            ? FromContent<ushort>(tensor.TensorContent.Span, count, where)
            : [.. Splat(tensor.HalfVal, count).Select(v => (ushort)v)];
        return [.. bits.Select(b => bf16 ? BitConverter.Int32BitsToSingle(b << 16) : (float)BitConverter.UInt16BitsToHalf(b))];
    }

    private static ModelFormatException Invalid(string where, string detail) =>
        new(TfErrorIds.InvalidTensor, $"Tensor of {where} {detail}.", where);
}
