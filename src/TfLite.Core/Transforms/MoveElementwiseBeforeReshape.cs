using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>
/// Swaps an element-wise operator with the shape-only operator before it, as TensorFlow's converter does, so that it
/// meets the operator that computed the values and can fuse or fold into it: an activation (RELU, RELU6,
/// RELU_N1_TO_1, TANH, ...) after RESHAPE/EXPAND_DIMS/SQUEEZE/TRANSPOSE/DEPTH_TO_SPACE, and an ADD/SUB/MUL/DIV by a
/// constant after RESHAPE when the constant broadcasts over the last dimensions of both shapes. That is how a
/// Conv1D (lowered as RESHAPE, CONV_2D, RESHAPE) gets its activation and BatchNormalization folded in.
/// </summary>
public sealed class MoveElementwiseBeforeReshape : IGraphPass
{
    private static readonly HashSet<BuiltinOperator> MoveOperators =
    [
        BuiltinOperator.Reshape, BuiltinOperator.ExpandDims, BuiltinOperator.Squeeze, BuiltinOperator.Transpose,
        BuiltinOperator.DepthToSpace,
    ];

    private static readonly HashSet<BuiltinOperator> ValueOperators =
    [
        BuiltinOperator.Relu, BuiltinOperator.Relu6, BuiltinOperator.ReluN1To1, BuiltinOperator.Tanh,
        BuiltinOperator.Ceil, BuiltinOperator.Exp, BuiltinOperator.Floor, BuiltinOperator.Neg, BuiltinOperator.Round,
        BuiltinOperator.Sqrt, BuiltinOperator.Square,
    ];

    /// <inheritdoc />
    public string Name => "MoveElementwiseBeforeReshape";

    /// <inheritdoc />
    public bool Run(TfLiteGraph graph) => SubgraphRewriter.RewriteEach(graph, TryMove);

    private static bool TryMove(SubgraphRewriter rewriter, Operator value)
    {
        if (value.Outputs.Count != 1 || value.Inputs.Count == 0 || value.Inputs[0] is not { } moved
            || rewriter.ProducerOf(moved) is not { Outputs.Count: 1 } move
            || !MoveOperators.Contains(move.Code) || move.Inputs.Count == 0 || move.Inputs[0] is not { } source
            || !rewriter.IsOnlyReadBy(moved, value)
            || new[] { source, moved, value.Outputs[0] }.Any(t => t.Type != TensorType.Float32 || t.IsQuantized()))
            return false;

        var movable = value.Inputs.Count == 1
            ? ValueOperators.Contains(value.Code)
            : move.Code == BuiltinOperator.Reshape && IsConstantOverTail(value, source, moved);
        if (!movable) return false;

        // value(move(source)) becomes move(value(source)): the value operator writes a tensor shaped like source.
        var staged = rewriter.Subgraph.AddTensor(new Tensor(rewriter.UniqueName(value.Outputs[0].Name + "_staged"), source.Type, (int[])source.Shape.Clone())
        {
            ShapeSignature = (int[]?)source.ShapeSignature?.Clone(),
        });
        value.Inputs[0] = source;
        move.Inputs[0] = staged;
        move.Outputs[0] = value.Outputs[0];
        value.Outputs[0] = staged;
        var ops = rewriter.Subgraph.Operators;
        var (at, from) = (ops.IndexOf(move), ops.IndexOf(value));
        (ops[at], ops[from]) = (value, move);
        rewriter.RemoveIfUnreferenced(moved);
        return true;
    }

    /// <summary>ADD/SUB/MUL/DIV of the reshaped tensor (first operand) and a constant whose shape is the tail of both
    /// the reshaped and the original shape, at most rank 4 each, so broadcasting gives the same values either way.</summary>
    private static bool IsConstantOverTail(Operator binary, Tensor source, Tensor reshaped) =>
        binary.Code is BuiltinOperator.Add or BuiltinOperator.Sub or BuiltinOperator.Mul or BuiltinOperator.Div
        && binary.Inputs.Count == 2 && binary.Inputs[1] is { } constant && constant.IsFloatConstant()
        && new[] { source, reshaped, constant }.All(t => t.Shape.Length <= 4)
        && IsTail(constant.Shape, source.Shape) && IsTail(constant.Shape, reshaped.Shape);

    private static bool IsTail(int[] tail, int[] shape) =>
        tail.Length <= shape.Length && tail.AsSpan().SequenceEqual(shape.AsSpan(shape.Length - tail.Length));
}
