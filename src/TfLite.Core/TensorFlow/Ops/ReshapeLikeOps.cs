using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Reshape, Squeeze and ExpandDims -> RESHAPE (SQUEEZE for Squeeze), or a reshaped constant.</summary>
public sealed class ReshapeLikeOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["Reshape", "Squeeze", "ExpandDims"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var x = c.Input(0);
        var dims = c.Node.Op switch
        {
            "Reshape" => Resolve(c, x.Dims, c.Constant(1).IntValues()),
            "Squeeze" => Squeezed(c, x.Dims),
            _ => Expanded(c, x.Dims),
        };
        if (x.IsConstant)
            return [x.Floats is { } f ? TfValue.Constant(f, dims) : TfValue.Constant(x.Integers!, dims)];
        if (c.Node.Op == "Squeeze")
            return [c.Emit(BuiltinOperator.Squeeze, [c.Tensor(0)], dims, new SqueezeOptions { SqueezeDims = c.Attr.Ints("squeeze_dims", []) }, x.Tensor!.Type)];
        var shape = c.Materialize(TfValue.Constant([.. dims.Select(d => (long)d)], [dims.Length]), $"{c.Node.Name}/shape");
        return [c.Emit(BuiltinOperator.Reshape, [c.Tensor(0), shape], dims, new ReshapeOptions { NewShape = dims }, x.Tensor!.Type)];
    }

    /// <summary>The target shape with its -1 resolved from the element count; a dynamic batch stays -1 when the
    /// target keeps it first.</summary>
    public static int[] Resolve(TfNodeContext c, int[] input, int[] target)
    {
        if (target.Count(d => d < 0) > 1) throw c.Invalid($"reshapes to {Shape.Format(target)} with more than one unknown dimension");
        var dynamicBatch = input.Length > 0 && input[0] < 0 && input.Skip(1).All(d => d >= 0);
        if (input.Skip(dynamicBatch ? 1 : 0).Any(d => d < 0)) throw c.Invalid($"reshapes {Shape.Format(input)}, which has unknown dimensions");
        var count = input.Skip(dynamicBatch ? 1 : 0).Aggregate(1L, (a, d) => a * d);
        if (dynamicBatch && target.Length > 0 && target[0] < 0 && target.Skip(1).All(d => d >= 0)) return target;
        var known = target.Where(d => d >= 0).Aggregate(1L, (a, d) => a * d);
        var result = target.Select(d => d < 0 ? (int)(known == 0 ? 0 : count / known) : d).ToArray();
        if (result.Aggregate(1L, (a, d) => a * d) != count) throw c.Invalid($"reshapes {Shape.Format(input)} to {Shape.Format(target)}, which holds another number of elements");
        return result;
    }

    private static int[] Squeezed(TfNodeContext c, int[] dims)
    {
        var axes = AxisList.Normalize(c, c.Attr.Ints("squeeze_dims", []), dims.Length);
        if (axes.Length == 0) return [.. dims.Where(d => d != 1)];
        foreach (var a in axes)
            if (dims[a] != 1) throw c.Invalid($"squeezes axis {a} of {Shape.Format(dims)}, which is not 1");
        return [.. dims.Where((_, i) => !axes.Contains(i))];
    }

    private static int[] Expanded(TfNodeContext c, int[] dims)
    {
        var axis = c.Constant(1).IntValues() is [var a] ? a : throw c.Invalid("needs one axis");
        if (axis < 0) axis += dims.Length + 1;
        if (axis < 0 || axis > dims.Length) throw c.Invalid($"expands {Shape.Format(dims)} at axis {axis}");
        var result = dims.ToList();
        result.Insert(axis, 1);
        return [.. result];
    }
}
