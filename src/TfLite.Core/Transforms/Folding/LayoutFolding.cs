using TfLite.Core.Graph;

namespace TfLite.Core.Transforms.Folding;

/// <summary>
/// Operators that only move elements: RESHAPE, EXPAND_DIMS, SQUEEZE, TRANSPOSE, CONCATENATION and PACK. They work on
/// raw bytes, so they fold constants of any fixed-size type.
/// </summary>
internal static class LayoutFolding
{
    /// <summary>RESHAPE, EXPAND_DIMS or SQUEEZE: the same bytes under a new shape.</summary>
    public static FoldedConstant? Reshape(Operator op, Tensor output)
    {
        if (op.Inputs.Count == 0 || op.Inputs[0] is not { } x) return null;
        var shape = op.Code switch
        {
            BuiltinOperator.Reshape => ReshapeTarget(op, output, IndexMaps.Count(x.Shape) ?? -1),
            BuiltinOperator.ExpandDims => ExpandedShape(x.Shape, op.Inputs.ElementAtOrDefault(1).AsIntegers()),
            BuiltinOperator.Squeeze => SqueezedShape(x.Shape, (op.Options as SqueezeOptions)?.SqueezeDims ?? []),
            _ => null,
        };
        return shape is not null && IndexMaps.Count(shape) == IndexMaps.Count(x.Shape) ? new(x.Type, shape, (byte[])x.Data!.Clone()) : null;
    }

    /// <summary>TRANSPOSE by a constant permutation.</summary>
    public static FoldedConstant? Transpose(Operator op)
    {
        if (op.Inputs.Count != 2 || op.Inputs[0] is not { } x || op.Inputs[1].AsIntegers() is not { } perm
            || perm.Length != x.Shape.Length || perm.Order().Select((p, i) => p == i).Any(ok => !ok))
            return null;
        var axes = perm.Select(p => (int)p).ToArray();
        var sources = IndexMaps.PermutationSources(x.Shape, axes);
        var size = x.Type.SizeOf();
        var data = new byte[x.Data!.Length];
        for (var i = 0; i < sources.Length; i++)
            Buffer.BlockCopy(x.Data, sources[i] * size, data, i * size, size);
        return new(x.Type, axes.Select(a => x.Shape[a]).ToArray(), data);
    }

    /// <summary>CONCATENATION along its axis, or PACK (stacking along a new axis).</summary>
    public static FoldedConstant? Join(Operator op)
    {
        var inputs = op.Inputs.ToArray();
        if (inputs.Length == 0 || inputs.Any(t => t is null || t.Type != inputs[0]!.Type)) return null;
        var first = inputs[0]!;
        var pack = op.Code == BuiltinOperator.Pack;
        int axis;
        if (pack && op.Options is PackOptions packOptions) axis = packOptions.Axis;
        else if (!pack && op.Options is ConcatenationOptions { FusedActivation: ActivationFunction.None } concat) axis = concat.Axis;
        else return null;
        // PACK stacks inputs of one shape, which is CONCATENATION of the inputs with a unit axis inserted.
        var shapes = inputs.Select(t => pack ? Insert(t!.Shape, axis, 1) : t!.Shape).ToArray();
        var rank = shapes[0]?.Length ?? 0;
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank || shapes.Any(s => s is null || s.Length != rank)) return null;
        for (var d = 0; d < rank; d++)
            if (d != axis && shapes.Any(s => s![d] != shapes[0]![d])) return null;

        var size = first.Type.SizeOf();
        var outer = (int)IndexMaps.Count(shapes[0]![..axis])!;
        var blocks = shapes.Select(s => (int)IndexMaps.Count(s![axis..])! * size).ToArray();
        var data = new byte[blocks.Sum() * outer];
        var at = 0;
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inputs.Length; i++)
            {
                Buffer.BlockCopy(inputs[i]!.Data!, o * blocks[i], data, at, blocks[i]);
                at += blocks[i];
            }
        var shape = (int[])shapes[0]!.Clone();
        shape[axis] = shapes.Sum(s => s![axis]);
        return new(first.Type, shape, data);
    }

    private static int[]? ReshapeTarget(Operator op, Tensor output, long count)
    {
        var target = op.Inputs.ElementAtOrDefault(1) is { } shapeInput
            ? shapeInput.AsIntegers()?.Select(v => (int)v).ToArray()
            : (op.Options as ReshapeOptions)?.NewShape ?? output.Shape;
        if (target is null || target.Count(d => d == -1) > 1 || target.Any(d => d < -1)) return null;
        if (IndexMaps.Count(target.Where(d => d != -1).ToArray()) is not { } known) return null;
        if (target.Contains(-1))
        {
            if (known == 0 || count % known != 0) return null;
            target = target.Select(d => d == -1 ? (int)(count / known) : d).ToArray();
        }
        return target;
    }

    private static int[]? ExpandedShape(int[] shape, long[]? axis)
    {
        if (axis is not { Length: 1 }) return null;
        var at = (int)axis[0];
        if (at < 0) at += shape.Length + 1;
        return at < 0 || at > shape.Length ? null : Insert(shape, at, 1);
    }

    private static int[]? SqueezedShape(int[] shape, int[] dims)
    {
        var drop = dims.Length == 0
            ? Enumerable.Range(0, shape.Length).Where(d => shape[d] == 1).ToHashSet()
            : dims.Select(d => d < 0 ? d + shape.Length : d).ToHashSet();
        if (drop.Any(d => d < 0 || d >= shape.Length || shape[d] != 1)) return null;
        return shape.Where((_, d) => !drop.Contains(d)).ToArray();
    }

    private static int[]? Insert(int[] shape, int axis, int value)
    {
        if (axis < 0) axis += shape.Length + 1;
        return axis < 0 || axis > shape.Length ? null : [.. shape[..axis], value, .. shape[axis..]];
    }
}
