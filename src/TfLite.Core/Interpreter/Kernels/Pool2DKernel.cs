using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D share the window geometry; the subclasses name the kind.</summary>
internal abstract class Pool2DKernel(Pooling.Kind kind) : IKernel
{
    private sealed record State(ConvParams Params, Pooling.Kind Kind, VectorWidth Width);

    public virtual string? CheckSupport(OpNode node) =>
        KernelSupport.AllOfType(node, TensorType.Float32) ?? KernelSupport.ClampActivation(node);

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<Pool2DOptions>();
        var input = node.Input(0);
        KernelSupport.RequireRank(node, input, 4);
        var (p, outH, outW) = KernelSupport.Window(node, input, o.Padding, o.FilterHeight, o.FilterWidth, o.StrideH, o.StrideW);
        node.State = new State(p, kind, VectorWidths.BestFloat);
        node.SetOutputShape(0, [input.Shape[0], outH, outW, input.Shape[3]]);
    }

    public virtual void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        var input = node.Input(0);
        var output = node.Output(0);
        if (node.UseSimd && s.Width != VectorWidth.Scalar && FloatPooling.Covers(kind))
        {
            KernelSupport.ForRows(node, output.Shape[0] * output.Shape[1], EvalRows);
            return;
        }
        Pooling.Float(kind, s.Params, input.Shape, input.AsSpan<float>(), output.Shape, output.Writable<float>());
    }

    private static void EvalRows(OpNode node, int start, int end)
    {
        var s = node.GetState<State>();
        var (input, output) = (node.Input(0), node.Output(0));
        int outW = output.Shape[2];
        FloatPooling.Run(s.Kind, s.Params, input.Shape, input.AsSpan<float>(), output.Shape, output.Writable<float>(), start * outW, end * outW, s.Width);
    }
}
