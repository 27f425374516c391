namespace TfLite.Core.Tests.Infrastructure.Oracle;

/// <summary>Conversions between the oracle's element type names and typed .NET arrays.</summary>
internal static class OracleDType
{
    /// <summary>The .NET element type that holds values of <paramref name="dtype"/>.</summary>
    public static Type ElementType(string dtype) => dtype switch
    {
        "float32" => typeof(float),
        "int8" => typeof(sbyte),
        "uint8" => typeof(byte),
        "int16" => typeof(short),
        "int32" => typeof(int),
        "int64" => typeof(long),
        "bool" => typeof(bool),
        _ => throw new ArgumentException($"Element type {dtype} is not supported by the oracle runner.", nameof(dtype)),
    };

    /// <summary>A typed array of <paramref name="dtype"/> holding <paramref name="data"/>; each value must fit.</summary>
    public static Array Convert(string dtype, IReadOnlyList<double> data)
    {
        var n = data.Count;
        switch (dtype)
        {
            case "float32":
            {
                var a = new float[n];
                for (var i = 0; i < n; i++) a[i] = (float)data[i];
                return a;
            }
            case "int8": return Integers<sbyte>(data, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v);
            case "uint8": return Integers<byte>(data, byte.MinValue, byte.MaxValue, v => (byte)v);
            case "int16": return Integers<short>(data, short.MinValue, short.MaxValue, v => (short)v);
            case "int32": return Integers<int>(data, int.MinValue, int.MaxValue, v => (int)v);
            case "int64": return Integers<long>(data, -9007199254740992d, 9007199254740992d, v => (long)v);
            case "bool":
            {
                var a = new bool[n];
                for (var i = 0; i < n; i++) a[i] = data[i] != 0;
                return a;
            }
            default: throw new ArgumentException($"Element type {dtype} is not supported by the oracle runner.", nameof(dtype));
        }
    }

    private static T[] Integers<T>(IReadOnlyList<double> data, double min, double max, Func<double, T> cast)
    {
        var a = new T[data.Count];
        for (var i = 0; i < a.Length; i++)
        {
            var v = data[i];
            if (v != Math.Floor(v) || v < min || v > max)
                throw new ArgumentException($"Value {v} at index {i} does not fit {typeof(T).Name}.");
            a[i] = cast(v);
        }
        return a;
    }
}
