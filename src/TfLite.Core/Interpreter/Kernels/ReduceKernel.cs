using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd.Float;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Base of MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD: inputs (input, axes), option keep_dims.</summary>
internal abstract class ReduceKernel : IKernel
{
    internal sealed class State
    {
        public int[] Map = [];

        /// <summary>The [outer, reduced, inner] view when the axes are one contiguous run, else null.</summary>
        public (int Outer, int Reduced, int Inner)? Block;
    }

    public virtual string? CheckSupport(OpNode node) =>
        node.Input(0).Type == TensorType.Float32 && node.Output(0).Type == TensorType.Float32 ? null : "no kernel for this type";

    public void Prepare(OpNode node)
    {
        var map = PrepareReduction(node, out var axes);
        node.State = new State { Map = map, Block = FloatAxisSum.Block(node.Input(0).Shape, axes) };
    }

    /// <summary>Resolves the constant axes, sets the output shape and returns, for each input element, the flat
    /// index of the output element it folds into.</summary>
    internal static int[] PrepareReduction(OpNode node) => PrepareReduction(node, out _);

    private static int[] PrepareReduction(OpNode node, out HashSet<int> axes)
    {
        var input = node.Input(0);
        var axesTensor = node.Input(1);
        if (!axesTensor.HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: the axes must be constant.");
        int rank = input.Shape.Length;
        axes = KernelSupport.ReadInts(node, axesTensor).Select(a => ShapeMath.Axis(a, rank, node)).ToHashSet();
        var map = new int[input.ElementCount];
        Reduce.OutputIndices(input.Shape, axes, map);
        node.SetOutputShape(0, Reduce.OutputShape(input.Shape, axes, node.GetOptions<ReducerOptions>().KeepDims));
        return map;
    }

    public void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        var input = node.Input(0).AsSpan<float>();
        var output = node.Output(0).Writable<float>();
        if (node.UseSimd && s.Block is { } block && ComputeBlock(input, block, output)) return;
        Compute(input, s.Map, output);
    }

    protected abstract void Compute(ReadOnlySpan<float> input, ReadOnlySpan<int> map, Span<float> output);

    /// <summary>The vectorized form over an [outer, reduced, inner] view; false when the op has none.</summary>
    protected virtual bool ComputeBlock(ReadOnlySpan<float> input, (int Outer, int Reduced, int Inner) block, Span<float> output) => false;
}
