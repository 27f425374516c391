using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Inference;

/// <summary>The values of one tensor after a run: as float (dequantized) and as stored (typed).</summary>
public sealed class TensorValue
{
    /// <summary>Creates a value; <paramref name="rawValues"/> is a flat typed array in row-major order.</summary>
    public TensorValue(string name, TensorType type, int[] shape, float[] values, Array rawValues, float? scale = null, long? zeroPoint = null)
    {
        Name = name;
        Type = type;
        Shape = shape;
        Values = values;
        RawValues = rawValues;
        Scale = scale;
        ZeroPoint = zeroPoint;
    }

    /// <summary>The tensor's name (the output's signature name when it has one).</summary>
    public string Name { get; }

    /// <summary>Element type of <see cref="RawValues"/>.</summary>
    public TensorType Type { get; }

    /// <summary>The shape after the run.</summary>
    public int[] Shape { get; }

    /// <summary>The values as float; quantized values dequantized as <c>Scale * (q - ZeroPoint)</c>.</summary>
    public float[] Values { get; }

    /// <summary>The values as stored: <c>sbyte[]</c> for int8, <c>float[]</c> for float32 and so on.</summary>
    public Array RawValues { get; }

    /// <summary>Quantization scale (per-tensor), or null for a tensor that is not quantized.</summary>
    public float? Scale { get; }

    /// <summary>Quantization zero point (per-tensor), or null for a tensor that is not quantized.</summary>
    public long? ZeroPoint { get; }

    /// <summary>The shape as TFLite tools print it, e.g. <c>[1,10]</c>.</summary>
    public string ShapeText => Graph.Shape.Format(Shape);

    /// <summary>The raw values with the shape, e.g. to save with <see cref="NpyWriter"/> or feed another model.</summary>
    public NDArray ToNDArray() => new(RawValues, Shape);

    /// <summary>Index of the largest value of each row of the last axis (top-1 class per batch item).</summary>
    public int[] ArgMax()
    {
        int width = Shape.Length == 0 ? 1 : Math.Max(Shape[^1], 1);
        var result = new int[Values.Length / width];
        for (int r = 0; r < result.Length; r++)
        {
            var row = Values.AsSpan(r * width, width);
            int best = 0;
            for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
            result[r] = best;
        }
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Type} {ShapeText}";

    /// <summary>A copy of a runtime tensor's current values.</summary>
    public static TensorValue From(RuntimeTensor tensor, string? name = null)
    {
        var q = tensor.Quantization is { IsQuantized: true } p && tensor.Type.IsQuantizedType() ? p : null;
        return new TensorValue(name ?? tensor.Name, tensor.Type, (int[])tensor.Shape.Clone(), tensor.ToFloatArray(),
            RawCopy(tensor), q?.Scale[0], q?.ZeroPoint[0]);
    }

    private static Array RawCopy(RuntimeTensor t) => t.Type switch
    {
        TensorType.Float32 => t.ToArray<float>(),
        TensorType.Float16 => t.ToArray<Half>(),
        TensorType.Float64 => t.ToArray<double>(),
        TensorType.Int8 => t.ToArray<sbyte>(),
        TensorType.UInt8 => t.ToArray<byte>(),
        TensorType.Int16 => t.ToArray<short>(),
        TensorType.UInt16 => t.ToArray<ushort>(),
        TensorType.Int32 => t.ToArray<int>(),
        TensorType.UInt32 => t.ToArray<uint>(),
        TensorType.Int64 => t.ToArray<long>(),
        TensorType.UInt64 => t.ToArray<ulong>(),
        TensorType.Bool => Array.ConvertAll(t.ToArray<byte>(), b => b != 0),
        _ => t.Bytes.ToArray(),
    };
}
