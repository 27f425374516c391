using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>CONV_2D: inputs (input NHWC, filter OHWI, bias?), float path and hybrid (int8 filter) path.</summary>
internal sealed class Conv2DKernel : IKernel
{
    internal sealed class State
    {
        public ConvParams Params;
        public FloatConvolution? Vectorized;
        public HybridWeights? Hybrid;
    }

    public string? CheckSupport(OpNode node)
    {
        var input = node.Input(0);
        var filter = node.Input(1);
        return (input.Type, filter.Type) switch
        {
            (TensorType.Float32, TensorType.Float32) => KernelSupport.ClampActivation(node),
            (TensorType.Float32, TensorType.Int8) => KernelSupport.ClampActivation(node) ?? HybridWeights.Check(filter),
            _ => "no kernel for these types",
        };
    }

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<Conv2DOptions>();
        var input = node.Input(0);
        var filter = node.Input(1);
        KernelSupport.RequireRank(node, input, 4);
        KernelSupport.RequireRank(node, filter, 4);
        int inC = input.Shape[3], fC = filter.Shape[3];
        KernelSupport.Require(node, fC > 0 && inC % fC == 0 && filter.Shape[0] % (inC / fC) == 0, $"input channels {inC} do not fit filter {Shape.Format(filter.Shape)}");
        var (p, outH, outW) = KernelSupport.Window(node, input, o.Padding, filter.Shape[1], filter.Shape[2], o.StrideH, o.StrideW, o.DilationH, o.DilationW);
        var state = new State { Params = p };
        int outC = filter.Shape[0];
        int[] outShape = [input.Shape[0], outH, outW, outC];
        var bias = node.OptionalInput(2);
        if (filter.Type == TensorType.Int8) state.Hybrid = HybridWeights.Prepare(node, filter, outC);
        else if (node.UseSimd && filter.HasValue && (bias is null || bias.HasValue))
            state.Vectorized = FloatConvolution.TryCreate(p, input.Shape, filter.Shape, filter.AsSpan<float>(),
                bias is null ? default : bias.AsSpan<float>(), outShape, VectorWidths.BestFloat);
        node.State = state;
        node.SetOutputShape(0, outShape);
    }

    public void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        var input = node.Input(0);
        var filter = node.Input(1);
        var bias = node.OptionalInput(2);
        var output = node.Output(0);
        int rows = output.Shape[0] * output.Shape[1];
        if (s.Hybrid is not null)
        {
            HybridConv.Eval(node, s.Params, s.Hybrid, input, filter, bias, output);
            return;
        }
        KernelSupport.ForRows(node, rows, EvalRows);
    }

    private static void EvalRows(OpNode node, int start, int end)
    {
        var s = node.GetState<State>();
        var (input, filter, bias, output) = (node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0));
        var p = s.Params;
        int outW = output.Shape[2];
        if (s.Vectorized is { } plan)
            plan.Run(input.AsSpan<float>(), output.Writable<float>(), start * outW, end * outW, 0, plan.BlockCount);
        else
            Conv.Float(p, input.Shape, input.AsSpan<float>(), filter.Shape, filter.AsSpan<float>(),
                bias is null ? default : bias.AsSpan<float>(), output.Shape, output.Writable<float>(), start, end);
    }
}
