using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>DEQUANTIZE: float16 -> float32, and int8/uint8/int16 -> float32 as scale * (q - zero_point).</summary>
internal sealed class DequantizeKernel : IKernel
{
    public string? CheckSupport(OpNode node)
    {
        if (node.Output(0).Type != TensorType.Float32) return "output must be float32";
        var input = node.Input(0);
        return input.Type switch
        {
            TensorType.Float16 => null,
            TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 when input.Quantization is { IsQuantized: true } => null,
            _ => "no kernel for this type",
        };
    }

    public void Prepare(OpNode node) => node.SetOutputShape(0, (int[])node.Input(0).Shape.Clone());

    public void Eval(OpNode node)
    {
        var input = node.Input(0);
        var y = node.Output(0).Writable<float>();
        switch (input.Type)
        {
            case TensorType.Float16:
                var h = input.AsSpan<Half>();
                for (int i = 0; i < h.Length; i++) y[i] = (float)h[i];
                break;
            case TensorType.Int8: Dequantize(node, input, input.AsSpan<sbyte>(), y); break;
            case TensorType.UInt8: Dequantize(node, input, input.AsSpan<byte>(), y); break;
            case TensorType.Int16: Dequantize(node, input, input.AsSpan<short>(), y); break;
        }
    }

    /// <summary>TFLite's reference: per tensor static_cast&lt;float&gt;(scale * (q - zero)) with the scale in double;
    /// per channel along the quantized dimension.</summary>
    private static void Dequantize<T>(OpNode node, RuntimeTensor input, ReadOnlySpan<T> q, Span<float> y) where T : unmanaged, IConvertible
    {
        var p = input.Quantization!;
        if (!p.IsPerChannel)
        {
            double scale = p.Scale[0];
            long zero = p.ZeroPoint[0];
            for (int i = 0; i < q.Length; i++) y[i] = (float)(scale * (q[i].ToInt32(null) - zero));
            return;
        }
        int axis = p.QuantizedDimension;
        KernelSupport.Require(node, axis >= 0 && axis < input.Shape.Length && input.Shape[axis] == p.Scale.Length, "per-channel scales do not match the quantized dimension");
        int inner = Reference.ShapeMath.Product(input.Shape, axis + 1, input.Shape.Length);
        int channels = input.Shape[axis];
        for (int i = 0; i < q.Length; i++)
        {
            int c = i / inner % channels;
            y[i] = p.Scale[c] * (q[i].ToInt32(null) - p.ZeroPoint[c]);
        }
    }
}
