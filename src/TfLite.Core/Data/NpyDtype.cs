using TfLite.Core.Graph;

namespace TfLite.Core.Data;

/// <summary>Maps NumPy's dtype strings (<c>descr</c>, e.g. <c>&lt;f4</c>) to <see cref="TensorType"/> and back.</summary>
internal static class NpyDtype
{
    /// <summary>Parses a descr into an element type and whether its bytes are big-endian.</summary>
    /// <returns>False when the descr is not a supported plain numeric dtype.</returns>
    public static bool TryParse(string descr, out TensorType type, out bool bigEndian)
    {
        type = default;
        bigEndian = false;
        if (descr.Length < 2) return false;
        var order = descr[0];
        var code = descr[1..];
        // '=' is the writer's native order; every platform .NET runs this library on is little-endian.
        if (order is not ('<' or '>' or '|' or '=')) return false;
        TensorType? parsed = code switch
        {
            "f2" => TensorType.Float16,
            "f4" => TensorType.Float32,
            "f8" => TensorType.Float64,
            "i1" => TensorType.Int8,
            "u1" => TensorType.UInt8,
            "i2" => TensorType.Int16,
            "u2" => TensorType.UInt16,
            "i4" => TensorType.Int32,
            "u4" => TensorType.UInt32,
            "i8" => TensorType.Int64,
            "u8" => TensorType.UInt64,
            "b1" => TensorType.Bool,
            _ => null,
        };
        if (parsed is null) return false;
        type = parsed.Value;
        // A byte order mark on a one-byte type means nothing; '|' on a wider type is not a NumPy dtype.
        if (order == '|' && type.SizeOf() != 1) return false;
        bigEndian = order == '>' && type.SizeOf() > 1;
        return true;
    }

    /// <summary>The little-endian descr NumPy writes for a type (<c>|</c> for one-byte types).</summary>
    public static string Format(TensorType type) => type switch
    {
        TensorType.Float16 => "<f2",
        TensorType.Float32 => "<f4",
        TensorType.Float64 => "<f8",
        TensorType.Int8 => "|i1",
        TensorType.UInt8 => "|u1",
        TensorType.Int16 => "<i2",
        TensorType.UInt16 => "<u2",
        TensorType.Int32 => "<i4",
        TensorType.UInt32 => "<u4",
        TensorType.Int64 => "<i8",
        TensorType.UInt64 => "<u8",
        TensorType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "NumPy files hold no elements of this type."),
    };
}
