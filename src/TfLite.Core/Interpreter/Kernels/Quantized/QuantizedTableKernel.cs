using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// Table-driven quantized activations (ELU, GELU): Prepare fills a 256-entry table (int8, uint8) or an interpolated
/// 513-entry table (int16) from the float function; Eval looks every element up.
/// </summary>
internal sealed class QuantizedTableKernel(Func<OpNode, Func<float, float>> function, params TensorType[] types)
    : QuantizedElementwiseKernel(types)
{
    /// <summary>ELU for int8 and uint8.</summary>
    public static QuantizedTableKernel Elu() => new(_ => ActivationTables.Elu, TensorType.Int8, TensorType.UInt8);

    /// <summary>GELU (exact or tanh-approximated, from the options) for int8, uint8 and int16.</summary>
    public static QuantizedTableKernel Gelu() => new(
        node => node.GetOptions<GeluOptions>().Approximate ? ActivationTables.GeluApproximate : ActivationTables.Gelu,
        TensorType.Int8, TensorType.UInt8, TensorType.Int16);

    protected override object CreateState(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        var (inScale, inZero) = (QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input));
        var (outScale, outZero) = (QuantizedTensors.Scale(node, output), QuantizedTensors.ZeroPoint(node, output));
        var f = function(node);
        return input.Type switch
        {
            TensorType.Int8 => ActivationTables.Int8(inScale, inZero, outScale, outZero, f),
            TensorType.UInt8 => ActivationTables.UInt8(inScale, inZero, outScale, outZero, f),
            _ => (Array)ActivationTables.Int16(inScale, inZero, outScale, outZero, f),
        };
    }

    public override void Eval(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        switch (node.State)
        {
            case sbyte[] t: ActivationTables.Apply(t, input.AsSpan<sbyte>(), output.Writable<sbyte>()); break;
            case byte[] t: ActivationTables.Apply(t, input.AsSpan<byte>(), output.Writable<byte>()); break;
            case short[] t: ActivationTables.Apply(t, input.AsSpan<short>(), output.Writable<short>()); break;
        }
    }
}
