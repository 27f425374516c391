namespace TfLite.Core.Graph;

/// <summary>Element types of tensors, numbered exactly as TFLite's <c>TensorType</c> schema enum.</summary>
public enum TensorType : sbyte
{
    /// <summary>32-bit IEEE float.</summary>
    Float32 = 0,
    /// <summary>16-bit IEEE half float.</summary>
    Float16 = 1,
    /// <summary>32-bit signed integer.</summary>
    Int32 = 2,
    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 3,
    /// <summary>64-bit signed integer.</summary>
    Int64 = 4,
    /// <summary>TFLite string tensor.</summary>
    String = 5,
    /// <summary>Boolean stored as one byte.</summary>
    Bool = 6,
    /// <summary>16-bit signed integer.</summary>
    Int16 = 7,
    /// <summary>Complex of two float32.</summary>
    Complex64 = 8,
    /// <summary>8-bit signed integer.</summary>
    Int8 = 9,
    /// <summary>64-bit IEEE float.</summary>
    Float64 = 10,
    /// <summary>Complex of two float64.</summary>
    Complex128 = 11,
    /// <summary>64-bit unsigned integer.</summary>
    UInt64 = 12,
    /// <summary>Resource handle (variables).</summary>
    Resource = 13,
    /// <summary>Variant.</summary>
    Variant = 14,
    /// <summary>32-bit unsigned integer.</summary>
    UInt32 = 15,
    /// <summary>16-bit unsigned integer.</summary>
    UInt16 = 16,
    /// <summary>4-bit signed integer, packed.</summary>
    Int4 = 17,
    /// <summary>bfloat16.</summary>
    BFloat16 = 18,
}

/// <summary>Facts about <see cref="TensorType"/> values.</summary>
public static class TensorTypeInfo
{
    /// <summary>Bytes per element, or 0 where the type has no fixed element size (string, resource, int4).</summary>
    public static int SizeOf(this TensorType type) => type switch
    {
        TensorType.Float32 or TensorType.Int32 or TensorType.UInt32 => 4,
        TensorType.Float16 or TensorType.Int16 or TensorType.UInt16 or TensorType.BFloat16 => 2,
        TensorType.Int8 or TensorType.UInt8 or TensorType.Bool => 1,
        TensorType.Int64 or TensorType.UInt64 or TensorType.Float64 or TensorType.Complex64 => 8,
        TensorType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>True for the integer types that carry quantized values.</summary>
    public static bool IsQuantizedType(this TensorType type) =>
        type is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Int4;
}
