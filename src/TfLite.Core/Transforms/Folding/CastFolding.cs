using TfLite.Core.Graph;

namespace TfLite.Core.Transforms.Folding;

/// <summary>
/// CAST between number and bool types with C++ <c>static_cast</c> semantics as TFLite's kernel applies them
/// (float to integer truncates toward zero; integers wrap; nonzero is true), and DEQUANTIZE of float16 to float32.
/// A float that does not fit the integer type has no defined result, so such a constant is left unfolded.
/// </summary>
internal static class CastFolding
{
    /// <summary>CAST of a constant to the output tensor's type.</summary>
    public static FoldedConstant? Cast(Operator op, Tensor output)
    {
        if (op.Inputs.Count != 1 || op.Inputs[0] is not { } x) return null;
        var shape = (int[])x.Shape.Clone();
        if (IsFloat(x.Type))
        {
            var values = ReadFloats(x);
            return values is null ? null : WriteFloats(output.Type, shape, values);
        }
        var ints = ReadIntegers(x);
        return ints is null ? null : WriteIntegers(output.Type, shape, ints);
    }

    /// <summary>DEQUANTIZE of a float16 constant into float32.</summary>
    public static FoldedConstant? DequantizeFloat16(Operator op, Tensor output)
    {
        if (op.Inputs.Count != 1 || op.Inputs[0] is not { Type: TensorType.Float16 } x || output.Type != TensorType.Float32) return null;
        var halves = x.GetData<Half>();
        var floats = new float[halves.Length];
        for (var i = 0; i < floats.Length; i++) floats[i] = (float)halves[i];
        return FoldedConstant.Of<float>(TensorType.Float32, (int[])x.Shape.Clone(), floats);
    }

    private static bool IsFloat(TensorType t) => t is TensorType.Float32 or TensorType.Float16 or TensorType.Float64;

    private static double[]? ReadFloats(Tensor x) => x.Type switch
    {
        TensorType.Float32 => x.GetData<float>().ToArray().Select(v => (double)v).ToArray(),
        TensorType.Float16 => x.GetData<Half>().ToArray().Select(v => (double)v).ToArray(),
        TensorType.Float64 => x.GetData<double>().ToArray(),
        _ => null,
    };

    private static long[]? ReadIntegers(Tensor x) => x.Type switch
    {
        TensorType.Int8 => x.GetData<sbyte>().ToArray().Select(v => (long)v).ToArray(),
        TensorType.UInt8 => x.GetData<byte>().ToArray().Select(v => (long)v).ToArray(),
        TensorType.Bool => x.GetData<byte>().ToArray().Select(v => v != 0 ? 1L : 0L).ToArray(),
        TensorType.Int16 => x.GetData<short>().ToArray().Select(v => (long)v).ToArray(),
        TensorType.UInt16 => x.GetData<ushort>().ToArray().Select(v => (long)v).ToArray(),
        TensorType.Int32 => x.GetData<int>().ToArray().Select(v => (long)v).ToArray(),
        TensorType.UInt32 => x.GetData<uint>().ToArray().Select(v => (long)v).ToArray(),
        TensorType.Int64 => x.GetData<long>().ToArray(),
        _ => null,
    };

    private static FoldedConstant? WriteFloats(TensorType type, int[] shape, double[] v)
    {
        if (IsFloat(type)) return WriteFloatTyped(type, shape, v);
        if (type == TensorType.Bool) return FoldedConstant.Of(type, shape, v.Select(d => d != 0 ? (byte)1 : (byte)0).ToArray().AsSpan());
        var (min, max) = IntegerRange(type);
        // Truncation toward zero must land inside the target type (NaN never does).
        if (v.Any(d => !(Math.Truncate(d) >= min && Math.Truncate(d) <= max))) return null;
        return WriteIntegers(type, shape, v.Select(d => (long)Math.Truncate(d)).ToArray());
    }

    private static FoldedConstant? WriteFloatTyped(TensorType type, int[] shape, double[] v) => type switch
    {
        TensorType.Float32 => FoldedConstant.Of(type, shape, v.Select(d => (float)d).ToArray().AsSpan()),
        TensorType.Float16 => FoldedConstant.Of(type, shape, v.Select(d => (Half)d).ToArray().AsSpan()),
        _ => FoldedConstant.Of(type, shape, v.AsSpan()),
    };

    private static FoldedConstant? WriteIntegers(TensorType type, int[] shape, long[] v) => type switch
    {
        TensorType.Float32 => FoldedConstant.Of(type, shape, v.Select(i => (float)i).ToArray().AsSpan()),
        TensorType.Float16 => FoldedConstant.Of(type, shape, v.Select(i => (Half)i).ToArray().AsSpan()),
        TensorType.Float64 => FoldedConstant.Of(type, shape, v.Select(i => (double)i).ToArray().AsSpan()),
        TensorType.Bool => FoldedConstant.Of(type, shape, v.Select(i => i != 0 ? (byte)1 : (byte)0).ToArray().AsSpan()),
        TensorType.Int8 => FoldedConstant.Of(type, shape, v.Select(i => unchecked((sbyte)i)).ToArray().AsSpan()),
        TensorType.UInt8 => FoldedConstant.Of(type, shape, v.Select(i => unchecked((byte)i)).ToArray().AsSpan()),
        TensorType.Int16 => FoldedConstant.Of(type, shape, v.Select(i => unchecked((short)i)).ToArray().AsSpan()),
        TensorType.UInt16 => FoldedConstant.Of(type, shape, v.Select(i => unchecked((ushort)i)).ToArray().AsSpan()),
        TensorType.Int32 => FoldedConstant.Of(type, shape, v.Select(i => unchecked((int)i)).ToArray().AsSpan()),
        TensorType.UInt32 => FoldedConstant.Of(type, shape, v.Select(i => unchecked((uint)i)).ToArray().AsSpan()),
        TensorType.Int64 => FoldedConstant.Of(type, shape, v.AsSpan()),
        _ => null,
    };

    private static (double Min, double Max) IntegerRange(TensorType type) => type switch
    {
        TensorType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        TensorType.UInt8 => (byte.MinValue, byte.MaxValue),
        TensorType.Int16 => (short.MinValue, short.MaxValue),
        TensorType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        TensorType.Int32 => (int.MinValue, int.MaxValue),
        TensorType.UInt32 => (uint.MinValue, uint.MaxValue),
        // The largest double below 2^63 is the limit that converts to a long without overflow.
        TensorType.Int64 => (long.MinValue, 9223372036854774784d),
        _ => (double.NaN, double.NaN),
    };
}
