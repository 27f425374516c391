using TfLite.Core.Graph;
using TfLite.Core.Interpreter.FixedPoint;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// LOGISTIC and TANH for int8 (gemmlowp fixed point; outputs 1/256 and -128, or 1/128 and 0) and int16 (interpolated
/// table; zero points 0, output scale 2^-15).
/// </summary>
internal sealed class QuantizedSigmoidKernel(bool tanh) : QuantizedElementwiseKernel(TensorType.Int8, TensorType.Int16)
{
    protected override string? CheckParameters(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        if (input.Type == TensorType.Int8)
            return tanh
                ? QuantizedSoftmaxKernel.FixedOutput(node, output, 1f / 128, 0)
                : QuantizedSoftmaxKernel.FixedOutput(node, output, 1f / 256, -128);
        if (QuantizedTensors.ZeroPoint(node, input) != 0) return "int16 input must have zero point 0";
        return QuantizedSoftmaxKernel.FixedOutput(node, output, 1f / 32768, 0);
    }

    protected override object CreateState(OpNode node)
    {
        var input = node.Input(0);
        float scale = QuantizedTensors.Scale(node, input);
        if (input.Type == TensorType.Int8)
            return Int8SigmoidParams.Create(scale, QuantizedTensors.ZeroPoint(node, input), node.Rounding);
        return tanh ? Int16SigmoidParams.ForTanh(scale) : Int16SigmoidParams.ForLogistic(scale);
    }

    public override void Eval(OpNode node)
    {
        var (input, output) = (node.Input(0), node.Output(0));
        switch (node.State)
        {
            case Int8SigmoidParams p when tanh: IntegerSigmoidFamily.Tanh(p, input.AsSpan<sbyte>(), output.Writable<sbyte>()); break;
            case Int8SigmoidParams p: IntegerSigmoidFamily.Logistic(p, input.AsSpan<sbyte>(), output.Writable<sbyte>()); break;
            case Int16SigmoidParams p when tanh: IntegerSigmoidFamily.Tanh(p, input.AsSpan<short>(), output.Writable<short>()); break;
            case Int16SigmoidParams p: IntegerSigmoidFamily.Logistic(p, input.AsSpan<short>(), output.Writable<short>()); break;
        }
    }
}
