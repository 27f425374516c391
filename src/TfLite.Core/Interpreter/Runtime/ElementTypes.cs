using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter;

/// <summary>Maps CLR element types to TFLite tensor types for typed input and output access.</summary>
internal static class ElementTypes
{
    public static TensorType? Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorType.Float32
        : typeof(T) == typeof(sbyte) ? TensorType.Int8
        : typeof(T) == typeof(byte) ? TensorType.UInt8
        : typeof(T) == typeof(short) ? TensorType.Int16
        : typeof(T) == typeof(int) ? TensorType.Int32
        : typeof(T) == typeof(long) ? TensorType.Int64
        : typeof(T) == typeof(Half) ? TensorType.Float16
        : typeof(T) == typeof(double) ? TensorType.Float64
        : typeof(T) == typeof(bool) ? TensorType.Bool
        : typeof(T) == typeof(ushort) ? TensorType.UInt16
        : typeof(T) == typeof(uint) ? TensorType.UInt32
        : typeof(T) == typeof(ulong) ? TensorType.UInt64
        : null;

    /// <summary>True when values of the CLR type can stand for the tensor type (bytes also read bool tensors).</summary>
    public static bool Matches(TensorType tensor, TensorType? clr) =>
        clr == tensor || (tensor == TensorType.Bool && clr == TensorType.UInt8);
}
