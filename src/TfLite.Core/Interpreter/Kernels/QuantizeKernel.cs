using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>QUANTIZE from float32 to int8/uint8/int16: q = clamp(round(x / scale) + zero_point), rounding half away
/// from zero as TFLite's AffineQuantize: the division in float (the reference kernel, TFLite Micro), or for int16 with
/// <see cref="RoundingMode.Xnnpack"/> in double (the optimized kernel LiteRT runs, which differs from the float
/// division on about 1 value in 2000).
/// (Integer-to-integer requantization is the integer kernels'.)</summary>
internal sealed class QuantizeKernel : IKernel
{
    public string? CheckSupport(OpNode node)
    {
        var output = node.Output(0);
        if (node.Input(0).Type != TensorType.Float32) return "no kernel for this input type";
        if (output.Quantization is not { IsQuantized: true }) return "output has no quantization parameters";
        return output.Type is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 ? null : "no kernel for this output type";
    }

    public void Prepare(OpNode node) => node.SetOutputShape(0, (int[])node.Input(0).Shape.Clone());

    public void Eval(OpNode node)
    {
        var x = node.Input(0).AsSpan<float>();
        var output = node.Output(0);
        var q = output.Quantization!;
        float scale = q.Scale[0];
        int zero = (int)q.ZeroPoint[0];
        switch (output.Type)
        {
            case TensorType.Int8: Quantize(x, output.Writable<sbyte>(), scale, zero, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v); break;
            case TensorType.UInt8: Quantize(x, output.Writable<byte>(), scale, zero, byte.MinValue, byte.MaxValue, v => (byte)v); break;
            case TensorType.Int16: Quantize(x, output.Writable<short>(), scale, zero, short.MinValue, short.MaxValue, v => (short)v, divideInDouble: node.LiteRtInt16Arithmetic); break;
        }
    }

    internal static void Quantize<T>(ReadOnlySpan<float> x, Span<T> y, float scale, int zero, int min, int max, Func<int, T> cast,
        bool divideInDouble = false)
    {
        for (int i = 0; i < x.Length; i++)
        {
            float rounded = divideInDouble
                ? (float)Math.Round(x[i] / (double)scale, MidpointRounding.AwayFromZero)
                : MathF.Round(x[i] / scale, MidpointRounding.AwayFromZero);
            int v = (int)rounded + zero;
            y[i] = cast(Math.Clamp(v, min, max));
        }
    }
}
