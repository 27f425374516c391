using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>TRANSPOSE_CONV (float): inputs (output_shape, filter OHWI, input NHWC, bias?). The output shape may be
/// a run-time tensor (the output is then sized in Eval).</summary>
internal sealed class TransposeConvKernel : IKernel
{
    public string? CheckSupport(OpNode node) =>
        node.Input(2).Type == TensorType.Float32 && node.Input(1).Type == TensorType.Float32 ? KernelSupport.ClampActivation(node) : "no kernel for these types";

    public void Prepare(OpNode node)
    {
        KernelSupport.RequireRank(node, node.Input(1), 4);
        KernelSupport.RequireRank(node, node.Input(2), 4);
        if (node.Input(0).HasValue) node.SetOutputShape(0, OutputShape(node));
        else node.SetOutputDynamic(0);
    }

    internal static int[] OutputShape(OpNode node)
    {
        var shape = KernelSupport.ReadInts(node, node.Input(0));
        KernelSupport.Require(node, shape.Length == 4 && shape.All(d => d > 0), $"output_shape {Shape.Format(shape)} must be 4 positive values");
        KernelSupport.Require(node, shape[3] == node.Input(1).Shape[0], "output channels must equal the filter's first dimension");
        return shape;
    }

    public void Eval(OpNode node)
    {
        var o = node.GetOptions<TransposeConvOptions>();
        if (node.Output(0).IsDynamic) node.ResizeOutput(0, OutputShape(node));
        var filter = node.Input(1);
        var input = node.Input(2);
        var output = node.Output(0);
        var outShape = output.Shape;
        int convH = ShapeMath.WindowOutputSize(o.Padding, outShape[1], filter.Shape[1], o.StrideH, 1);
        int convW = ShapeMath.WindowOutputSize(o.Padding, outShape[2], filter.Shape[2], o.StrideW, 1);
        var (lo, hi) = KernelSupport.FloatRange(node);
        var p = new ConvParams(o.StrideH, o.StrideW, 1, 1,
            ShapeMath.WindowPadding(outShape[1], filter.Shape[1], o.StrideH, 1, convH),
            ShapeMath.WindowPadding(outShape[2], filter.Shape[2], o.StrideW, 1, convW), lo, hi);
        var bias = node.OptionalInput(3);
        Reference.TransposeConv.Float(p, input.Shape, input.AsSpan<float>(), filter.Shape, filter.AsSpan<float>(),
            bias is null ? default : bias.AsSpan<float>(), outShape, output.Writable<float>());
    }
}
