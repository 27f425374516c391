using TfLite.Core.Keras.Config;

namespace TfLite.Core.Keras.Layers.Qat;

/// <summary>
/// The weights of a tfmot quantization layer split into the wrapped layer's own weights and the variables the
/// wrapper adds: <c>optimizer_step</c> and one <c>&lt;what&gt;_min</c>/<c>&lt;what&gt;_max</c> pair per quantizer
/// (<c>kernel</c>, <c>depthwise_kernel</c>, <c>pre_activation</c>, <c>post_activation</c>, <c>output</c>, or
/// the layer's own name for <c>QuantizeLayer</c>). Keras saves the wrapped layer's weights first, then the
/// wrapper's variables in the order they were built.
/// </summary>
internal sealed class QatVariables
{
    private QatVariables(IReadOnlyList<KerasWeight> layerWeights, IReadOnlyDictionary<string, QatRange> ranges)
    {
        LayerWeights = layerWeights;
        Ranges = ranges;
    }

    /// <summary>The wrapped layer's own weights, in Keras order.</summary>
    public IReadOnlyList<KerasWeight> LayerWeights { get; }

    /// <summary>Learned ranges by quantizer name (<c>kernel</c>, <c>post_activation</c>, ...), in build order.</summary>
    public IReadOnlyDictionary<string, QatRange> Ranges { get; }

    /// <summary>Splits <paramref name="weights"/>. Named weights are recognised by name; unnamed ones (Keras 3
    /// archives) by position, with <paramref name="expectedRanges"/> naming the pairs that end the list, after
    /// <c>optimizer_step</c> (wrappers build it first) or before it (<c>QuantizeLayer</c> builds it last).</summary>
    /// <exception cref="ModelFormatException"><c>InvalidQuantizationRange</c>: a pair is incomplete, of mismatched
    /// sizes, not finite or reversed.</exception>
    public static QatVariables Split(KerasLayer layer, IReadOnlyList<KerasWeight> weights, IReadOnlyList<string> expectedRanges, bool stepFirst, string? file)
    {
        var inner = new List<KerasWeight>();
        var pairs = new List<(string Name, KerasWeight? Min, KerasWeight? Max)>();
        if (weights.All(w => w.Name is not null))
        {
            foreach (var w in weights)
            {
                if (w.Name == "optimizer_step") continue;
                if (RangeEnd(w.Name!) is not var (what, isMax)) { inner.Add(w); continue; }
                var i = pairs.FindIndex(p => p.Name == what);
                if (i < 0) { pairs.Add((what, null, null)); i = pairs.Count - 1; }
                pairs[i] = isMax ? pairs[i] with { Max = w } : pairs[i] with { Min = w };
            }
        }
        else
        {
            // optimizer_step and the min and max of each quantizer close the list.
            var wrapperCount = 1 + 2 * expectedRanges.Count;
            if (weights.Count < wrapperCount)
                throw Invalid(layer, $"stores {weights.Count} weight(s), fewer than the {wrapperCount} variables of its quantizers", file);
            var start = weights.Count - wrapperCount;
            inner.AddRange(weights.Take(start));
            var first = start + (stepFirst ? 1 : 0);
            for (var k = 0; k < expectedRanges.Count; k++)
                pairs.Add((expectedRanges[k], weights[first + 2 * k], weights[first + 2 * k + 1]));
        }

        var ranges = new Dictionary<string, QatRange>(StringComparer.Ordinal);
        foreach (var (what, min, max) in pairs)
            ranges[what] = Validate(layer, what, min, max, file);
        return new QatVariables(inner, ranges);
    }

    /// <summary><c>kernel_min</c> → (<c>kernel</c>, false); null for a name that is no range end.</summary>
    private static (string What, bool IsMax)? RangeEnd(string name) =>
        name.EndsWith("_min", StringComparison.Ordinal) && name.Length > 4 ? (name[..^4], false)
        : name.EndsWith("_max", StringComparison.Ordinal) && name.Length > 4 ? (name[..^4], true)
        : null;

    private static QatRange Validate(KerasLayer layer, string what, KerasWeight? min, KerasWeight? max, string? file)
    {
        if (min is null || max is null)
            throw Invalid(layer, $"stores {what}_{(min is null ? "max" : "min")} without {what}_{(min is null ? "min" : "max")}", file);
        if (min.Values.Length != max.Values.Length || min.Values.Length == 0)
            throw Invalid(layer, $"stores {min.Values.Length} value(s) in {what}_min and {max.Values.Length} in {what}_max", file);
        for (var i = 0; i < min.Values.Length; i++)
            if (!float.IsFinite(min.Values[i]) || !float.IsFinite(max.Values[i]) || min.Values[i] > max.Values[i])
                throw Invalid(layer, $"has the invalid {what} range [{min.Values[i]}, {max.Values[i]}] at index {i}", file);
        return new QatRange(min.Values, max.Values);
    }

    private static ModelFormatException Invalid(KerasLayer layer, string detail, string? file) =>
        new("InvalidQuantizationRange", $"Layer '{layer.Name}' ({layer.ClassName}) {detail}.", file ?? layer.Name);
}
