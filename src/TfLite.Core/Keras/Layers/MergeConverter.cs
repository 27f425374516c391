using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Merge layers: Add/Multiply/Maximum/Minimum as a chain of ADD/MUL/MAXIMUM/MINIMUM over the inputs in
/// order, Subtract -> SUB, Average -> ADD chain times 1/n, Concatenate -> CONCATENATION (axis made positive).</summary>
public sealed class MergeConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var inputs = c.Inputs;
        var minimum = c.ClassName == "Concatenate" ? 1 : 2;
        if (inputs.Count < minimum || (c.ClassName == "Subtract" && inputs.Count != 2))
            throw new ModelFormatException("InvalidLayerInputs", $"Layer '{c.LayerName}' ({c.ClassName}) cannot merge {inputs.Count} input(s).", c.LayerName);
        return [c.ClassName switch
        {
            "Add" => Chain(c, BuiltinOperator.Add),
            "Subtract" => c.Binary(BuiltinOperator.Sub, inputs[0], inputs[1]),
            "Multiply" => Chain(c, BuiltinOperator.Mul),
            "Maximum" => Chain(c, BuiltinOperator.Maximum),
            "Minimum" => Chain(c, BuiltinOperator.Minimum),
            "Average" => c.Binary(BuiltinOperator.Mul, Chain(c, BuiltinOperator.Add), c.Scalar(1f / inputs.Count, "reciprocal_count")),
            _ => Concatenate(c),
        }];
    }

    private static Tensor Chain(LayerContext c, BuiltinOperator code)
    {
        var result = c.Inputs[0];
        for (var i = 1; i < c.Inputs.Count; i++) result = c.Binary(code, result, c.Inputs[i]);
        return result;
    }

    private static Tensor Concatenate(LayerContext c)
    {
        var all = c.Inputs.Select(LayerContext.DimsOf).ToList();
        var rank = all[0].Length;
        var axis = ShapeMath.NormalizeAxis(c.Config.GetInt("axis", -1), rank);
        if (axis < 0 || all.Any(d => d.Length != rank)) throw c.Config.Unsupported("axis", $"input shapes {string.Join(", ", all.Select(d => Shape.Format(d)))}");
        var outDims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var dim = i;
            outDims[i] = i == axis
                ? (all.Any(d => d[dim] < 0) ? -1 : all.Sum(d => d[dim]))
                : all.Select(d => d[dim]).FirstOrDefault(v => v >= 0, -1);
        }
        return c.Emit(BuiltinOperator.Concatenation, c.Inputs, outDims, new ConcatenationOptions { Axis = axis });
    }
}
