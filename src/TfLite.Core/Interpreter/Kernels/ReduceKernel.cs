using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Base of MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD: inputs (input, axes), option keep_dims.</summary>
internal abstract class ReduceKernel : IKernel
{
    internal sealed class State
    {
        public int[] Map = [];
    }

    public virtual string? CheckSupport(OpNode node) =>
        node.Input(0).Type == TensorType.Float32 && node.Output(0).Type == TensorType.Float32 ? null : "no kernel for this type";

    public void Prepare(OpNode node) => node.State = new State { Map = PrepareReduction(node) };

    /// <summary>Resolves the constant axes, sets the output shape and returns, for each input element, the flat
    /// index of the output element it folds into.</summary>
    internal static int[] PrepareReduction(OpNode node)
    {
        var input = node.Input(0);
        var axesTensor = node.Input(1);
        if (!axesTensor.HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: the axes must be constant.");
        int rank = input.Shape.Length;
        var axes = KernelSupport.ReadInts(node, axesTensor).Select(a => ShapeMath.Axis(a, rank, node)).ToHashSet();
        var map = new int[input.ElementCount];
        Reduce.OutputIndices(input.Shape, axes, map);
        node.SetOutputShape(0, Reduce.OutputShape(input.Shape, axes, node.GetOptions<ReducerOptions>().KeepDims));
        return map;
    }

    public void Eval(OpNode node) =>
        Compute(node.Input(0).AsSpan<float>(), node.GetState<State>().Map, node.Output(0).Writable<float>());

    protected abstract void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output);
}
