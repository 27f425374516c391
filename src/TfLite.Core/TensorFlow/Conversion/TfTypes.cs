using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>TensorFlow dtypes as TFLite tensor types.</summary>
public static class TfTypes
{
    /// <summary>The TFLite type of <paramref name="type"/>; a type TFLite has no tensors of is an error.</summary>
    public static TensorType ToTfLite(DataType type, NodeDef node) => type switch
    {
        DataType.DtFloat => TensorType.Float32,
        DataType.DtInt32 => TensorType.Int32,
        DataType.DtInt64 => TensorType.Int64,
        DataType.DtUint8 => TensorType.UInt8,
        DataType.DtInt8 => TensorType.Int8,
        DataType.DtInt16 => TensorType.Int16,
        DataType.DtBool => TensorType.Bool,
        DataType.DtHalf => TensorType.Float16,
        _ => throw new ModelFormatException(TfErrorIds.InvalidNode, $"Node '{node.Name}' ({node.Op}) has type {type}, which has no TFLite tensor type.", node.Name),
    };
}
