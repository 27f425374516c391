using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// TRANSPOSE_CONV for int8 and int16x8 tensors (inputs: output_shape, filter OHWI, input NHWC, bias?). The output
/// shape may be a run-time tensor, as in TFLite's int16 conformance models; the geometry then follows in Eval.
/// </summary>
internal sealed class QuantizedTransposeConvKernel : QuantizedKernel
{
    private sealed record State(OutputStage Stage, int InputOffset);

    public override bool Handles(OpNode node) =>
        QuantizedTensors.IsQuantizedInteger(node.OptionalInput(2)) && QuantizedTensors.IsQuantizedInteger(node.Output(0));

    public override string? CheckSupport(OpNode node) =>
        node.Input(2).Type == TensorType.UInt8
            ? "no integer kernel for uint8 TRANSPOSE_CONV"
            : ConvolutionDispatch.Check(node, node.Input(2), node.Input(1), node.OptionalInput(3), node.Output(0));

    public override void Prepare(OpNode node)
    {
        var (filter, input, output) = (node.Input(1), node.Input(2), node.Output(0));
        KernelSupport.RequireRank(node, filter, 4);
        KernelSupport.RequireRank(node, input, 4);
        var o = node.GetOptions<TransposeConvOptions>();
        QuantizedTensors.RequireWindow(node, o.StrideH, o.StrideW);
        if (node.Input(0).HasValue) node.SetOutputShape(0, TransposeConvKernel.OutputShape(node));
        else node.SetOutputDynamic(0);
        node.State = new State(ConvolutionStage.Create(node, input, filter, output, filter.Shape[0]),
            -QuantizedTensors.ZeroPoint(node, input));
    }

    public override void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        if (node.Output(0).IsDynamic) node.ResizeOutput(0, TransposeConvKernel.OutputShape(node));
        var o = node.GetOptions<TransposeConvOptions>();
        var (filter, input, output) = (node.Input(1), node.Input(2), node.Output(0));
        var outShape = output.Shape;
        int convH = ShapeMath.WindowOutputSize(o.Padding, outShape[1], filter.Shape[1], o.StrideH, 1);
        int convW = ShapeMath.WindowOutputSize(o.Padding, outShape[2], filter.Shape[2], o.StrideW, 1);
        var p = new QuantizedConvParams(o.StrideH, o.StrideW, 1, 1,
            ShapeMath.WindowPadding(outShape[1], filter.Shape[1], o.StrideH, 1, convH),
            ShapeMath.WindowPadding(outShape[2], filter.Shape[2], o.StrideW, 1, convW), s.InputOffset);
        var runner = new Runner(p, s.Stage, Dims4.From(input.Shape), Dims4.From(filter.Shape), Dims4.From(outShape));
        ConvolutionDispatch.Run(runner, input, filter, node.OptionalInput(3), output, o.QuantizedBiasType);
    }

    private readonly struct Runner(QuantizedConvParams p, OutputStage stage, Dims4 input, Dims4 filter, Dims4 output)
        : IConvolutionRunner
    {
        public void Run<TIn, TFilter, TAcc, TOut>(ReadOnlySpan<TIn> inputData, ReadOnlySpan<TFilter> filterData,
            ReadOnlySpan<TAcc> bias, Span<TOut> outputData)
            where TIn : unmanaged, IBinaryInteger<TIn>
            where TFilter : unmanaged, IBinaryInteger<TFilter>
            where TAcc : unmanaged, IBinaryInteger<TAcc>
            where TOut : unmanaged, IBinaryInteger<TOut> =>
            IntegerTransposeConv.TransposeConv(p, stage, input, inputData, filter, filterData, bias, output, outputData);
    }
}
