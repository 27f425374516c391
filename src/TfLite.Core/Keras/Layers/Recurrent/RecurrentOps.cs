using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>The operators the recurrent lowerings share: projections, time reversal, the last step, and splitting
/// and stacking along the time or gate axis.</summary>
internal static class RecurrentOps
{
    /// <summary>FULLY_CONNECTED of <paramref name="x"/> ([N, K] or [N, T, K], keeping the time axis) with weights
    /// [rows, K] and an optional bias.</summary>
    public static Tensor Project(LayerContext c, Tensor x, float[] weights, int rows, float[]? bias, string suffix)
    {
        var dims = LayerContext.DimsOf(x);
        var k = dims[^1];
        var w = c.Constant(weights, [rows, k], suffix + "_weights");
        var b = bias is null ? null : c.Constant(bias, [rows], suffix + "_bias");
        return c.Emit(BuiltinOperator.FullyConnected, [x, w, b], [.. dims[..^1], rows],
            new FullyConnectedOptions { KeepNumDims = dims.Length > 2 }, suffix);
    }

    /// <summary>REVERSE_V2 along the time axis (1), for go_backwards.</summary>
    public static Tensor ReverseTime(LayerContext c, Tensor x) =>
        c.Emit(BuiltinOperator.ReverseV2, [x, c.ConstantInt32([1], "reverse_axis")], LayerContext.DimsOf(x), null, "reverse_time");

    /// <summary>The last time step of [N, T, U] as [N, U]: STRIDED_SLICE from -1 with the time axis shrunk, as
    /// TensorFlow emits it for <c>return_sequences=False</c>.</summary>
    public static Tensor LastStep(LayerContext c, Tensor sequence)
    {
        var d = LayerContext.DimsOf(sequence);
        return c.Emit(BuiltinOperator.StridedSlice,
            [sequence, c.ConstantInt32([0, -1, 0], "last_begin"), c.ConstantInt32([0, 0, 0], "last_end"), c.ConstantInt32([1, 1, 1], "last_strides")],
            [d[0], d[2]], new StridedSliceOptions { BeginMask = 5, EndMask = 5, ShrinkAxisMask = 2 }, "last_step");
    }

    /// <summary>UNPACK of [N, T, K] into T tensors [N, K].</summary>
    public static IReadOnlyList<Tensor> Unstack(LayerContext c, Tensor x, int steps)
    {
        var d = LayerContext.DimsOf(x);
        var outputs = Enumerable.Range(0, steps).Select(t => c.NewTensor([d[0], d[2]], $"step{t}/input")).ToList();
        c.AddOperator(BuiltinOperator.Unpack, [x], outputs, new UnpackOptions { Num = steps, Axis = 1 });
        return outputs;
    }

    /// <summary>PACK of T tensors [N, U] into [N, T, U].</summary>
    public static Tensor Stack(LayerContext c, IReadOnlyList<Tensor> steps)
    {
        var d = LayerContext.DimsOf(steps[0]);
        return c.Emit(BuiltinOperator.Pack, steps, [d[0], steps.Count, d[1]], new PackOptions { ValuesCount = steps.Count, Axis = 1 }, "sequence");
    }

    /// <summary>SPLIT of [N, P*U] into P tensors [N, U] (gate blocks).</summary>
    public static IReadOnlyList<Tensor> SplitGates(LayerContext c, Tensor x, int parts, string suffix)
    {
        var d = LayerContext.DimsOf(x);
        var outputs = Enumerable.Range(0, parts).Select(p => c.NewTensor([d[0], d[1] / parts], $"{suffix}{p}")).ToList();
        c.AddOperator(BuiltinOperator.Split, [c.ConstantInt32([1], suffix + "_axis", []), x], outputs, new SplitOptions { NumSplits = parts });
        return outputs;
    }

    /// <summary><paramref name="a"/> + <paramref name="b"/>, or <paramref name="a"/> alone when <paramref name="b"/>
    /// is null (a zero state contributes nothing).</summary>
    public static Tensor AddOptional(LayerContext c, Tensor a, Tensor? b) => b is null ? a : c.Binary(BuiltinOperator.Add, a, b);
}
