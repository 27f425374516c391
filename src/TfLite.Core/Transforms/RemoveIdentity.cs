using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>
/// Removes operators that pass their input through unchanged — RESHAPE or SQUEEZE to the same shape, TRANSPOSE by
/// the identity permutation, CONCATENATION of one input, PAD/PADV2/MIRROR_PAD by zeros, CAST to the same type,
/// MUL or DIV by a constant 1 and ADD or SUB of a constant 0 without activation — rewiring their readers (and graph
/// outputs) to the input; and makes a RESHAPE of a RESHAPE read the first reshape's input.
/// </summary>
public sealed class RemoveIdentity : IGraphPass
{
    /// <inheritdoc />
    public string Name => "RemoveIdentity";

    /// <inheritdoc />
    public bool Run(TfLiteGraph graph) => SubgraphRewriter.RewriteEach(graph, (rewriter, op) =>
        SkipInnerReshape(rewriter, op)
        || (PassedThrough(op) is { } input && input.HasSameLayout(op.Outputs[0]) && rewriter.Bypass(op, input)));

    /// <summary>The input that the operator returns unchanged, or null when it changes something.</summary>
    private static Tensor? PassedThrough(Operator op)
    {
        if (op.Outputs.Count != 1 || op.Inputs.Count == 0 || op.Inputs[0] is not { } x) return null;
        return op.Code switch
        {
            BuiltinOperator.Reshape or BuiltinOperator.Squeeze or BuiltinOperator.Cast => x,
            BuiltinOperator.Transpose => IsIdentityPermutation(op.Inputs.ElementAtOrDefault(1)) ? x : null,
            BuiltinOperator.Concatenation => op.Inputs.Count == 1 && HasNoActivation(op) ? x : null,
            BuiltinOperator.Pad or BuiltinOperator.Padv2 or BuiltinOperator.MirrorPad =>
                op.Inputs.ElementAtOrDefault(1).AsIntegers() is { } pads && pads.All(p => p == 0) ? x : null,
            BuiltinOperator.Mul => NeutralOperand(op, 1f, commutative: true),
            BuiltinOperator.Add => NeutralOperand(op, 0f, commutative: true),
            BuiltinOperator.Div => NeutralOperand(op, 1f, commutative: false),
            BuiltinOperator.Sub => NeutralOperand(op, 0f, commutative: false),
            _ => null,
        };
    }

    /// <summary>For x op c with c all <paramref name="neutral"/> (either side when commutative), returns x.</summary>
    private static Tensor? NeutralOperand(Operator op, float neutral, bool commutative)
    {
        if (op.Inputs.Count != 2 || !HasNoActivation(op)) return null;
        var (a, b) = (op.Inputs[0], op.Inputs[1]);
        if (a is null || b is null) return null;
        if (IsAll(b, neutral) && !a.IsConstant) return a;
        return commutative && IsAll(a, neutral) && !b.IsConstant ? b : null;
    }

    private static bool IsAll(Tensor t, float value) => t.Type switch
    {
        TensorType.Float32 => t.IsFloatConstant() && t.GetData<float>().ToArray().All(v => v == value),
        TensorType.Int32 or TensorType.Int64 => !t.IsQuantized() && t.AsIntegers() is { } ints && ints.All(v => v == value),
        _ => false,
    };

    private static bool HasNoActivation(Operator op) =>
        (op.Options as IFusedActivationOptions)?.FusedActivation is null or ActivationFunction.None;

    private static bool IsIdentityPermutation(Tensor? perm) =>
        perm.AsIntegers() is { } p && p.Select((v, i) => v == i).All(same => same);

    /// <summary>RESHAPE(RESHAPE(x)) reads x: a reshape's target shape does not depend on its input's shape.</summary>
    private static bool SkipInnerReshape(SubgraphRewriter rewriter, Operator outer)
    {
        if (outer.Code != BuiltinOperator.Reshape || outer.Inputs.Count == 0 || outer.Inputs[0] is not { } middle
            || rewriter.ProducerOf(middle) is not { Code: BuiltinOperator.Reshape } inner
            || inner.Inputs.Count == 0 || inner.Inputs[0] is not { } source
            || source.Type != middle.Type || !source.HasSameQuantization(middle))
            return false;
        outer.Inputs[0] = source;
        if (rewriter.ReaderCount(middle) == 0 && !rewriter.IsGraphOutput(middle)) rewriter.RemoveOperator(inner);
        return true;
    }
}
