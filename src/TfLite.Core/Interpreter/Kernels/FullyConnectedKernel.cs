using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>FULLY_CONNECTED: inputs (input [..., depth], weights [units, depth], bias?), float and hybrid paths.</summary>
internal sealed class FullyConnectedKernel : IKernel
{
    internal sealed class State
    {
        public int Batches, Depth, Units;
        public float ActMin, ActMax;
        public FloatConvolution? Vectorized;
        public HybridWeights? Hybrid;
    }

    public string? CheckSupport(OpNode node) => (node.Input(0).Type, node.Input(1).Type) switch
    {
        (TensorType.Float32, TensorType.Float32) => KernelSupport.ClampActivation(node),
        (TensorType.Float32, TensorType.Int8) => KernelSupport.ClampActivation(node) ?? HybridWeights.Check(node.Input(1)),
        _ => "no kernel for these types",
    };

    public void Prepare(OpNode node)
    {
        var o = node.GetOptions<FullyConnectedOptions>();
        var input = node.Input(0);
        var weights = node.Input(1);
        KernelSupport.RequireRank(node, weights, 2);
        int units = weights.Shape[0], depth = weights.Shape[1];
        int total = input.ElementCount;
        KernelSupport.Require(node, depth > 0 && total % depth == 0, $"input {Shape.Format(input.Shape)} does not fit weights {Shape.Format(weights.Shape)}");
        int batches = total / depth;
        var (lo, hi) = KernelSupport.FloatRange(node);
        var state = new State { Batches = batches, Depth = depth, Units = units, ActMin = lo, ActMax = hi };
        var bias = node.OptionalInput(2);
        if (weights.Type == TensorType.Int8) state.Hybrid = HybridWeights.Prepare(node, weights, units);
        else if (node.UseSimd && weights.HasValue && (bias is null || bias.HasValue))
            state.Vectorized = FloatConvolution.ForFullyConnected(batches, depth, units, weights.AsSpan<float>(),
                bias is null ? default : bias.AsSpan<float>(), lo, hi, VectorWidths.BestFloat);
        node.State = state;
        int[] shape = o.KeepNumDims && input.Shape.Length > 0 ? [.. input.Shape[..^1], units] : [batches, units];
        node.SetOutputShape(0, shape);
    }

    public void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        var input = node.Input(0);
        var weights = node.Input(1);
        var bias = node.OptionalInput(2);
        var output = node.Output(0);
        if (s.Hybrid is { } h)
        {
            EvalHybrid(node, s, h, input, weights, bias, output);
            return;
        }
        if (s.Vectorized is { } plan && s.Batches < 2 * node.Context.Options.ThreadCount)
        {
            // Few rows (a batch of one) split the output units instead, so that threads still share the work.
            KernelSupport.ForRows(node, plan.BlockCount, EvalUnitBlocks);
            return;
        }
        KernelSupport.ForRows(node, s.Batches, EvalRows);
    }

    private static void EvalRows(OpNode node, int start, int end)
    {
        var s = node.GetState<State>();
        var (input, weights, bias, output) = (node.Input(0), node.Input(1), node.OptionalInput(2), node.Output(0));
        if (s.Vectorized is { } plan)
            plan.Run(input.AsSpan<float>(), output.Writable<float>(), start, end, 0, plan.BlockCount);
        else
            FullyConnected.Float(input.AsSpan<float>(), weights.AsSpan<float>(), bias is null ? default : bias.AsSpan<float>(),
                output.Writable<float>(), s.Batches, s.Depth, s.Units, s.ActMin, s.ActMax, start, end);
    }

    private static void EvalUnitBlocks(OpNode node, int start, int end)
    {
        var s = node.GetState<State>();
        s.Vectorized!.Run(node.Input(0).AsSpan<float>(), node.Output(0).Writable<float>(), 0, s.Batches, start, end);
    }

    private static void EvalHybrid(OpNode node, State s, HybridWeights h, RuntimeTensor input, RuntimeTensor weights, RuntimeTensor? bias, RuntimeTensor output)
    {
        var o = node.GetOptions<FullyConnectedOptions>();
        var outSpan = output.Writable<float>();
        for (int b = 0; b < s.Batches; b++)
        {
            var row = outSpan.Slice(b * s.Units, s.Units);
            if (bias is null) row.Clear(); else bias.AsSpan<float>().CopyTo(row);
        }
        h.QuantizeInput(input.AsSpan<float>(), s.Batches, o.AsymmetricQuantizeInputs);
        if (h.ChannelScales is null)
            for (int b = 0; b < s.Batches; b++) h.BatchScales[b] *= h.TensorScale;
        HybridMath.MatrixBatchVectorMultiplyAccumulate(weights.AsSpan<sbyte>(), s.Units, s.Depth, h.QuantizedInput, h.BatchScales,
            o.AsymmetricQuantizeInputs ? h.Offsets : default, h.ChannelScales, outSpan, s.Batches);
        for (int i = 0; i < outSpan.Length; i++) outSpan[i] = FloatActivation.Clamp(outSpan[i], s.ActMin, s.ActMax);
    }
}
