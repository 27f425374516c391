namespace TfLite.Core.Tests.Infrastructure.Oracle;

/// <summary>
/// A tensor handed to or returned by the LiteRT oracle: element type name (as the oracle spells it: <c>float32</c>,
/// <c>int8</c>, <c>uint8</c>, <c>int16</c>, <c>int32</c>, <c>int64</c>, <c>bool</c>), concrete shape and flat
/// row-major values held in a typed array of that element type.
/// </summary>
public sealed class OracleTensor
{
    internal OracleTensor(string dtype, int[] shape, Array values)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape [{string.Join(",", shape)}] has a negative dim.", nameof(shape));
            count *= d;
        }
        if (count != values.Length)
            throw new ArgumentException($"Shape [{string.Join(",", shape)}] needs {count} values, got {values.Length}.", nameof(values));
        if (values.GetType().GetElementType() != OracleDType.ElementType(dtype))
            throw new ArgumentException($"A {dtype} tensor cannot hold {values.GetType().Name} values.", nameof(values));
        DType = dtype;
        Shape = shape;
        Values = values;
    }

    /// <summary>Element type name as the oracle spells it.</summary>
    public string DType { get; }

    /// <summary>Concrete shape (for outputs: the shape of this run).</summary>
    public int[] Shape { get; }

    /// <summary>The values: <c>float[]</c>, <c>sbyte[]</c>, <c>byte[]</c>, <c>short[]</c>, <c>int[]</c>,
    /// <c>long[]</c> or <c>bool[]</c> according to <see cref="DType"/>.</summary>
    public Array Values { get; }

    /// <summary>Signature name of the tensor (outputs only).</summary>
    public string? Name { get; init; }

    /// <summary>Flatbuffer name of the tensor (outputs only).</summary>
    public string? TensorName { get; init; }

    /// <summary>Quantization parameters recorded in the model for this tensor, if any (outputs only).</summary>
    public OracleQuantization? Quantization { get; init; }

    /// <summary>Dequantized values, when the run asked for them and the tensor is quantized.</summary>
    public double[]? Dequantized { get; init; }

    /// <summary>A float32 tensor.</summary>
    public static OracleTensor Float32(int[] shape, float[] data) => new("float32", shape, data);

    /// <summary>An int8 tensor.</summary>
    public static OracleTensor Int8(int[] shape, sbyte[] data) => new("int8", shape, data);

    /// <summary>A uint8 tensor.</summary>
    public static OracleTensor UInt8(int[] shape, byte[] data) => new("uint8", shape, data);

    /// <summary>An int16 tensor.</summary>
    public static OracleTensor Int16(int[] shape, short[] data) => new("int16", shape, data);

    /// <summary>An int32 tensor.</summary>
    public static OracleTensor Int32(int[] shape, int[] data) => new("int32", shape, data);

    /// <summary>An int64 tensor.</summary>
    public static OracleTensor Int64(int[] shape, long[] data) => new("int64", shape, data);

    /// <summary>A bool tensor.</summary>
    public static OracleTensor Bool(int[] shape, bool[] data) => new("bool", shape, data);

    /// <summary>A tensor of the given element type from values given as doubles (each must fit the type).</summary>
    public static OracleTensor FromDoubles(string dtype, int[] shape, IReadOnlyList<double> data) =>
        new(dtype, shape, OracleDType.Convert(dtype, data));

    /// <summary>Number of elements.</summary>
    public int Count => Values.Length;

    /// <summary>The values widened to double (exact for every supported type except int64 beyond 2^53).</summary>
    public double[] ToDoubles()
    {
        var result = new double[Values.Length];
        switch (Values)
        {
            case float[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i]; break;
            // The CLR lets a byte[] pass as sbyte[] and back, so the exact array type decides.
            case sbyte[] a when a.GetType() == typeof(sbyte[]): for (var i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case byte[] a when a.GetType() == typeof(byte[]): for (var i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case short[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case int[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case long[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case bool[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i] ? 1 : 0; break;
            default: throw new InvalidOperationException("Unsupported value array " + Values.GetType());
        }
        return result;
    }

    /// <summary>The float32 values; throws when the tensor is of another type.</summary>
    public float[] AsFloat32() => As<float[]>();

    /// <summary>The int8 values; throws when the tensor is of another type.</summary>
    public sbyte[] AsInt8() => As<sbyte[]>();

    /// <summary>The uint8 values; throws when the tensor is of another type.</summary>
    public byte[] AsUInt8() => As<byte[]>();

    /// <summary>The int16 values; throws when the tensor is of another type.</summary>
    public short[] AsInt16() => As<short[]>();

    /// <summary>The int32 values; throws when the tensor is of another type.</summary>
    public int[] AsInt32() => As<int[]>();

    /// <summary>The int64 values; throws when the tensor is of another type.</summary>
    public long[] AsInt64() => As<long[]>();

    private T As<T>() where T : class =>
        Values.GetType() == typeof(T) ? (T)(object)Values : throw new InvalidOperationException($"Tensor {Name} is {DType}, not {typeof(T).Name}.");

    /// <inheritdoc />
    public override string ToString() => $"{Name ?? "tensor"} {DType}[{string.Join(",", Shape)}]";
}

/// <summary>Quantization parameters of a tensor as the oracle reports them.</summary>
/// <param name="Scale">Scales (one per channel for per-axis quantization).</param>
/// <param name="ZeroPoint">Zero points.</param>
/// <param name="QuantizedDimension">The channel axis.</param>
public sealed record OracleQuantization(double[] Scale, long[] ZeroPoint, int QuantizedDimension);
