using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D share the window geometry; the subclasses name the kind.</summary>
internal abstract class Pool2DKernel(Pooling.Kind kind) : IKernel
{
    public virtual string? CheckSupport(OpNode node) =>
        KernelSupport.AllOfType(node, TensorType.Float32) ?? KernelSupport.ClampActivation(node);

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<Pool2DOptions>();
        var input = node.Input(0);
        KernelSupport.RequireRank(node, input, 4);
        KernelSupport.Require(node, o.StrideH > 0 && o.StrideW > 0 && o.FilterHeight > 0 && o.FilterWidth > 0, "strides and filter sizes must be positive");
        int outH = ShapeMath.WindowOutputSize(o.Padding, input.Shape[1], o.FilterHeight, o.StrideH, 1);
        int outW = ShapeMath.WindowOutputSize(o.Padding, input.Shape[2], o.FilterWidth, o.StrideW, 1);
        var (lo, hi) = KernelSupport.FloatRange(node);
        node.State = new ConvParams(o.StrideH, o.StrideW, 1, 1,
            ShapeMath.WindowPadding(input.Shape[1], o.FilterHeight, o.StrideH, 1, outH),
            ShapeMath.WindowPadding(input.Shape[2], o.FilterWidth, o.StrideW, 1, outW), lo, hi, 1, o.FilterHeight, o.FilterWidth);
        node.SetOutputShape(0, [input.Shape[0], outH, outW, input.Shape[3]]);
    }

    public virtual void Eval(OpNode node)
    {
        var p = (ConvParams)node.State!;
        var input = node.Input(0);
        var output = node.Output(0);
        Pooling.Float(kind, p, input.Shape, input.AsSpan<float>(), output.Shape, output.Writable<float>());
    }
}
