using System.Text.Json.Nodes;
using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Normalization (preprocessing) -> SUB mean then MUL by 1 / max(sqrt(variance), 1e-7) (Keras's epsilon), or with
/// <c>invert</c> MUL by that std then ADD mean. Mean and variance come from the config when given there, else from
/// the adapted weights (mean, variance[, count]).
/// </summary>
public sealed class NormalizationConverter : ILayerConverter
{
    private const float KerasEpsilon = 1e-7f;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Normalization"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var dims = c.InputDims;
        var axisIsNone = c.Config.Json.ContainsKey("axis") && c.Config["axis"] is null;
        var axes = axisIsNone ? [] : ChannelAxes.Read(c, dims);
        var constShape = axes.Length == 0 ? [] : ChannelAxes.BroadcastShape(dims, axes);
        var count = ChannelAxes.Count(axes.Length == 0 ? [] : ChannelAxes.WeightShape(dims, axes));
        var mean = Statistic(c, "mean", 0, count);
        var variance = Statistic(c, "variance", 1, count);
        var std = variance.Select(v => MathF.Max(MathF.Sqrt(v), KerasEpsilon)).ToArray();
        if (c.Config.GetBool("invert", false))
        {
            var scaled = c.Binary(BuiltinOperator.Mul, c.Input, c.Constant(std, constShape, "std"));
            return [c.Binary(BuiltinOperator.Add, scaled, c.Constant(mean, constShape, "mean"))];
        }
        var centered = c.Binary(BuiltinOperator.Sub, c.Input, c.Constant(mean, constShape, "mean"));
        return [c.Binary(BuiltinOperator.Mul, centered, c.Constant(std.Select(s => 1f / s).ToArray(), constShape, "inverse_std"))];
    }

    /// <summary>The statistic from the config (a number broadcast to every feature, or one per feature) or from weight
    /// number <paramref name="index"/>.</summary>
    private static float[] Statistic(LayerContext c, string key, int index, int count)
    {
        float[] values;
        if (c.Config.Has(key))
        {
            values = c.Config[key] is JsonArray ? c.Config.GetFloatList(key).ToArray() : [c.Config.GetFloat(key)];
            if (values.Length == 1 && count > 1) values = Enumerable.Repeat(values[0], count).ToArray();
        }
        else
        {
            if (c.Weights.Count is < 2 or > 3)
                throw new ModelFormatException("WeightMismatch", $"Layer '{c.LayerName}' (Normalization) stores {c.Weights.Count} weight(s); expected mean, variance and count.", c.LayerName);
            values = c.Weights[index].Values;
        }
        return values.Length == count ? values : throw c.Config.Unsupported(key, $"{values.Length} values for {count} features");
    }
}
