using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// RESIZE_BILINEAR for int8, uint8 and int16 tensors (inputs: input NHWC, constant size). As in TFLite, input and
/// output share scale and zero point, so the raw values are interpolated. <see cref="RoundingMode.Xnnpack"/> follows
/// XNNPACK's arithmetic for 8-bit tensors, which LiteRT delegates to it; otherwise TFLite's reference kernel.
/// </summary>
internal sealed class QuantizedResizeBilinearKernel : QuantizedKernel
{
    public override string? CheckSupport(OpNode node) =>
        TypeDispatch.CheckSameType(node, TensorType.Int8, TensorType.UInt8, TensorType.Int16);

    public override void Prepare(OpNode node)
    {
        QuantizedTensors.RequireSameParameters(node);
        ResizeBilinearKernel.SetOutputShape(node);
    }

    public override void Eval(OpNode node)
    {
        var o = node.GetOptions<ResizeBilinearOptions>();
        var xnnpack = node.Context.Options.Rounding == RoundingMode.Xnnpack && node.Input(0).Type != TensorType.Int16;
        TypeDispatch.Run(new Runner(o.AlignCorners, o.HalfPixelCenters, xnnpack, node.Rounding == RoundingMode.Single), node.Input(0), node.Output(0));
    }

    private readonly struct Runner(bool alignCorners, bool halfPixel, bool xnnpack, bool singleRounding) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            if (xnnpack) IntegerResizeBilinear.Xnnpack(input.Shape, x, output.Shape[1], output.Shape[2], alignCorners, halfPixel, y);
            else IntegerResizeBilinear.Tflite(input.Shape, x, output.Shape[1], output.Shape[2], alignCorners, halfPixel, singleRounding, y);
        }
    }
}
