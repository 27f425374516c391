using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>FULLY_CONNECTED for int8, int16x8 and uint8 tensors (inputs: input [..., depth], weights [units, depth], bias?).</summary>
internal sealed class QuantizedFullyConnectedKernel : QuantizedConvolutionKernel
{
    private sealed record State(int InputOffset, int FilterOffset, OutputStage Stage, int Batches, int Depth, int Units,
        IInt8Plan? Vectorized);

    public override void Prepare(OpNode node)
    {
        var o = node.GetOptions<FullyConnectedOptions>();
        var (input, weights, output) = (node.Input(0), node.Input(1), node.Output(0));
        KernelSupport.RequireRank(node, weights, 2);
        int units = weights.Shape[0], depth = weights.Shape[1], total = input.ElementCount;
        KernelSupport.Require(node, depth > 0 && total % depth == 0,
            $"input {Shape.Format(input.Shape)} does not fit weights {Shape.Format(weights.Shape)}");
        int batches = total / depth;
        node.SetOutputShape(0, o.KeepNumDims && input.Shape.Length > 0 ? [.. input.Shape[..^1], units] : [batches, units]);
        // TFLite's FULLY_CONNECTED subtracts the weights' zero point for every type.
        int inputOffset = -QuantizedTensors.ZeroPoint(node, input), filterOffset = -QuantizedTensors.ZeroPoint(node, weights);
        var stage = input.Type == TensorType.Int16 && node.LiteRtInt16Arithmetic
            ? Int16Stage(node, input, weights, node.OptionalInput(2), output, units)
            : ConvolutionStage.Create(node, input, weights, output, units, perTensorProduct: true);
        IInt8Plan? vectorized = VectorizedKernels.UseInt8(node)
            ? Int8FullyConnected.TryCreate(inputOffset, filterOffset, stage, batches, depth, units, weights.AsSpan<sbyte>(),
                QuantizedTensors.OptionalSpan<int>(node.OptionalInput(2)), VectorWidths.Best)
            : WideVectorizedKernels.FullyConnected(node, inputOffset, filterOffset, stage, batches, depth, units, o.QuantizedBiasType);
        node.State = new State(inputOffset, filterOffset, stage, batches, depth, units, vectorized);
    }

    /// <summary>
    /// LiteRT's int16x8 FULLY_CONNECTED (<see cref="RoundingMode.Xnnpack"/>), as measured against its outputs: the
    /// whole multiplier, one rounding, for 32- and 64-bit accumulators alike; with a bias the multiplier comes from the
    /// scales' product in double (as for convolutions), without one from their product in float. TFLite Micro, the
    /// other modes, reduces the multiplier of a 64-bit sum to 15 bits instead.
    /// </summary>
    private static OutputStage Int16Stage(OpNode node, RuntimeTensor input, RuntimeTensor weights, RuntimeTensor? bias,
        RuntimeTensor output, int units) =>
        ConvolutionStage.Create(node, input, weights, output, units, perTensorProduct: bias is null) with { FullMultiplier = true };

    public override void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        if (VectorizedKernels.TryRun(node, s.Vectorized)) return;
        ConvolutionDispatch.Run(new Runner(s), node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0),
            node.GetOptions<FullyConnectedOptions>().QuantizedBiasType);
    }

    private readonly struct Runner(State s) : IConvolutionRunner
    {
        public void Run<TIn, TFilter, TAcc, TOut>(ReadOnlySpan<TIn> input, ReadOnlySpan<TFilter> filter,
            ReadOnlySpan<TAcc> bias, Span<TOut> output)
            where TIn : unmanaged, IBinaryInteger<TIn>
            where TFilter : unmanaged, IBinaryInteger<TFilter>
            where TAcc : unmanaged, IBinaryInteger<TAcc>
            where TOut : unmanaged, IBinaryInteger<TOut> =>
            IntegerFullyConnected.FullyConnected(s.InputOffset, s.FilterOffset, s.Stage, s.Batches, s.Depth, s.Units,
                input, filter, bias, output);
    }
}
