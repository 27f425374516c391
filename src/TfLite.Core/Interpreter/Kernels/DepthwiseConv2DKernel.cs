using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>DEPTHWISE_CONV_2D: inputs (input NHWC, filter [1, H, W, C*M], bias?), float and hybrid paths.</summary>
internal sealed class DepthwiseConv2DKernel : IKernel
{
    internal sealed class State
    {
        public ConvParams Params;
        public float[] ZeroBias = [];
        public HybridWeights? Hybrid;
        public FloatDepthwiseConvolution? Vectorized;
    }

    public string? CheckSupport(OpNode node) => (node.Input(0).Type, node.Input(1).Type) switch
    {
        (TensorType.Float32, TensorType.Float32) => KernelSupport.ClampActivation(node),
        (TensorType.Float32, TensorType.Int8) => KernelSupport.ClampActivation(node) ?? HybridWeights.Check(node.Input(1)),
        _ => "no kernel for these types",
    };

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<DepthwiseConv2DOptions>();
        var input = node.Input(0);
        var filter = node.Input(1);
        KernelSupport.RequireRank(node, input, 4);
        KernelSupport.RequireRank(node, filter, 4);
        int inC = input.Shape[3], outC = filter.Shape[3];
        // TFLite derives the multiplier from the shapes; the option may be stale in older files.
        KernelSupport.Require(node, inC > 0 && outC % inC == 0, $"filter channels {outC} are not a multiple of input channels {inC}");
        int mult = outC / inC;
        var (p, outH, outW) = KernelSupport.Window(node, input, o.Padding, filter.Shape[1], filter.Shape[2], o.StrideH, o.StrideW, o.DilationH, o.DilationW, mult);
        var state = new State { Params = p };
        if (node.OptionalInput(2) is null) state.ZeroBias = new float[outC];
        int[] outShape = [input.Shape[0], outH, outW, outC];
        var bias = node.OptionalInput(2);
        if (filter.Type == TensorType.Int8) state.Hybrid = HybridWeights.Prepare(node, filter, outC);
        else if (node.UseSimd && mult == 1 && filter.HasValue && (bias is null || bias.HasValue))
            state.Vectorized = FloatDepthwiseConvolution.TryCreate(p, input.Shape, filter.Shape, filter.AsSpan<float>(),
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
        var p = s.Params;
        if (s.Hybrid is { } h)
        {
            int batches = input.Shape[0];
            h.QuantizeInput(input.AsSpan<float>(), batches, asymmetric: true);
            var scales = h.ChannelScales ?? Enumerable.Repeat(h.TensorScale, filter.Shape[3]).ToArray();
            HybridMath.DepthwiseConvPerChannel(p, h.BatchScales, h.Offsets, input.Shape, h.QuantizedInput, filter.Shape,
                filter.AsSpan<sbyte>(), scales, bias is null ? default : bias.AsSpan<float>(), output.Shape, output.Writable<float>());
            return;
        }
        int rows = output.Shape[0] * output.Shape[1];
        KernelSupport.ForRows(node, rows, EvalRows);
    }

    private static void EvalRows(OpNode node, int start, int end)
    {
        var s = node.GetState<State>();
        var (input, filter, bias, output) = (node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0));
        var p = s.Params;
        int outW = output.Shape[2];
        if (s.Vectorized is { } plan)
            plan.Run(input.AsSpan<float>(), output.Writable<float>(), start * outW, end * outW);
        else if (node.UseSimd)
            DepthwiseConv.FloatAcrossChannels(p, input.Shape, input.AsSpan<float>(), filter.Shape, filter.AsSpan<float>(),
                bias is null ? s.ZeroBias : bias.AsSpan<float>(), output.Shape, output.Writable<float>(), start, end);
        else
            DepthwiseConv.Float(p, input.Shape, input.AsSpan<float>(), filter.Shape, filter.AsSpan<float>(),
                bias is null ? default : bias.AsSpan<float>(), output.Shape, output.Writable<float>(), start, end);
    }
}
