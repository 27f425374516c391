using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>CONV_2D for int8, int16x8 and uint8 tensors (inputs: input NHWC, filter OHWI, bias?).</summary>
internal sealed class QuantizedConv2DKernel : QuantizedConvolutionKernel
{
    private sealed record State(QuantizedConvParams Params, OutputStage Stage, Dims4 Input, Dims4 Filter, Dims4 Output,
        IInt8Plan? Vectorized);

    public override void Prepare(OpNode node)
    {
        var o = node.GetOptions<Conv2DOptions>();
        var (input, filter, output) = (node.Input(0), node.Input(1), node.Output(0));
        KernelSupport.RequireRank(node, input, 4);
        KernelSupport.RequireRank(node, filter, 4);
        QuantizedTensors.RequireWindow(node, o.StrideH, o.StrideW, o.DilationH, o.DilationW);
        int inC = input.Shape[3], fC = filter.Shape[3], outC = filter.Shape[0];
        KernelSupport.Require(node, fC > 0 && inC % fC == 0 && outC % (inC / fC) == 0,
            $"input channels {inC} do not fit filter {Shape.Format(filter.Shape)}");
        int outH = ShapeMath.WindowOutputSize(o.Padding, input.Shape[1], filter.Shape[1], o.StrideH, o.DilationH);
        int outW = ShapeMath.WindowOutputSize(o.Padding, input.Shape[2], filter.Shape[2], o.StrideW, o.DilationW);
        int[] outShape = [input.Shape[0], outH, outW, outC];
        node.SetOutputShape(0, outShape);

        var p = new QuantizedConvParams(o.StrideH, o.StrideW, o.DilationH, o.DilationW,
            ShapeMath.WindowPadding(input.Shape[1], filter.Shape[1], o.StrideH, o.DilationH, outH),
            ShapeMath.WindowPadding(input.Shape[2], filter.Shape[2], o.StrideW, o.DilationW, outW),
            -QuantizedTensors.ZeroPoint(node, input), FilterOffset(node, filter));
        var stage = ConvolutionStage.Create(node, input, filter, output, outC);
        var (inDims, filterDims, outDims) = (Dims4.From(input.Shape), Dims4.From(filter.Shape), Dims4.From(outShape));
        IInt8Plan? vectorized = VectorizedKernels.UseInt8(node)
            ? Int8Convolution.TryCreate(p, stage, inDims, filterDims, filter.AsSpan<sbyte>(),
                QuantizedTensors.OptionalSpan<int>(node.OptionalInput(2)), outDims, node.Context.Options.ThreadCount, VectorWidths.Best)
            : WideVectorizedKernels.Conv(node, p, stage, inDims, filterDims, outDims, o.QuantizedBiasType);
        node.State = new State(p, stage, inDims, filterDims, outDims, vectorized);
    }

    public override void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        if (VectorizedKernels.TryRun(node, s.Vectorized)) return;
        ConvolutionDispatch.Run(new Runner(s), node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0),
            node.GetOptions<Conv2DOptions>().QuantizedBiasType);
    }

    /// <summary>Minus the filter zero point for uint8 weights; int8 weights are symmetric in TFLite.</summary>
    internal static int FilterOffset(OpNode node, RuntimeTensor filter) =>
        filter.Type == TensorType.UInt8 ? -QuantizedTensors.ZeroPoint(node, filter) : 0;

    private readonly struct Runner(State s) : IConvolutionRunner
    {
        public void Run<TIn, TFilter, TAcc, TOut>(ReadOnlySpan<TIn> input, ReadOnlySpan<TFilter> filter,
            ReadOnlySpan<TAcc> bias, Span<TOut> output)
            where TIn : unmanaged, IBinaryInteger<TIn>
            where TFilter : unmanaged, IBinaryInteger<TFilter>
            where TAcc : unmanaged, IBinaryInteger<TAcc>
            where TOut : unmanaged, IBinaryInteger<TOut> =>
            IntegerConv.Conv(s.Params, s.Stage, s.Input, input, s.Filter, filter, bias, s.Output, output);
    }
}
