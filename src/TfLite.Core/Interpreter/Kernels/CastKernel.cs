using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>CAST between float32, float16, int8/16/32/64, uint8 and bool (C++ static_cast semantics: truncation
/// toward zero for float to integer, nonzero to true for bool).</summary>
internal sealed class CastKernel : IKernel
{
    private static readonly TensorType[] Types =
        [TensorType.Float32, TensorType.Float16, TensorType.Float64, TensorType.Int8, TensorType.UInt8, TensorType.Int16, TensorType.Int32, TensorType.Int64, TensorType.Bool];

    public string? CheckSupport(OpNode node) =>
        Types.Contains(node.Input(0).Type) && Types.Contains(node.Output(0).Type) ? null : "no kernel for these types";

    public void Prepare(OpNode node) => node.SetOutputShape(0, (int[])node.Input(0).Shape.Clone());

    public void Eval(OpNode node)
    {
        var input = node.Input(0);
        var output = node.Output(0);
        int n = input.ElementCount;
        for (int i = 0; i < n; i++) Write(output, i, Read(input, i));
    }

    private static double Read(RuntimeTensor t, int i) => t.Type switch
    {
        TensorType.Float32 => t.AsSpan<float>()[i],
        TensorType.Float16 => (double)t.AsSpan<Half>()[i],
        TensorType.Float64 => t.AsSpan<double>()[i],
        TensorType.Int8 => t.AsSpan<sbyte>()[i],
        TensorType.UInt8 => t.AsSpan<byte>()[i],
        TensorType.Int16 => t.AsSpan<short>()[i],
        TensorType.Int32 => t.AsSpan<int>()[i],
        TensorType.Int64 => t.AsSpan<long>()[i],
        _ => t.AsSpan<byte>()[i] != 0 ? 1 : 0,
    };

    private static void Write(RuntimeTensor t, int i, double v)
    {
        switch (t.Type)
        {
            case TensorType.Float32: t.Writable<float>()[i] = (float)v; break;
            case TensorType.Float16: t.Writable<Half>()[i] = (Half)v; break;
            case TensorType.Float64: t.Writable<double>()[i] = v; break;
            case TensorType.Int8: t.Writable<sbyte>()[i] = unchecked((sbyte)(long)v); break;
            case TensorType.UInt8: t.Writable<byte>()[i] = unchecked((byte)(long)v); break;
            case TensorType.Int16: t.Writable<short>()[i] = unchecked((short)(long)v); break;
            case TensorType.Int32: t.Writable<int>()[i] = unchecked((int)(long)v); break;
            case TensorType.Int64: t.Writable<long>()[i] = (long)v; break;
            default: t.Writable<byte>()[i] = v != 0 ? (byte)1 : (byte)0; break;
        }
    }
}
