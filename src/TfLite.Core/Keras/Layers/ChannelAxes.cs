using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>The feature axes of normalization-style layers and the shape their per-feature constants need to
/// broadcast against the input.</summary>
internal static class ChannelAxes
{
    /// <summary>Reads the <c>axis</c> option (int or list, may be negative) as sorted positive axes; the batch axis
    /// is not allowed.</summary>
    public static int[] Read(LayerContext c, int[] dims, string key = "axis", int[]? defaultValue = null)
    {
        var raw = c.Config.GetIntList(key, defaultValue ?? [-1]);
        var axes = raw.Select(a => ShapeMath.NormalizeAxis(a, dims.Length)).Distinct().Order().ToArray();
        if (axes.Length == 0 || axes.Any(a => a <= 0)) throw c.Config.Unsupported(key, $"input rank {dims.Length}");
        foreach (var a in axes) c.KnownDim(dims, a, $"axis-{a}");
        return axes;
    }

    /// <summary>Shape of a constant holding one value per position of <paramref name="axes"/>, padded with 1s so it
    /// broadcasts against <paramref name="dims"/> (e.g. [C] for the last axis, [C, 1, 1] for axis 1 of a rank-4 input).</summary>
    public static int[] BroadcastShape(int[] dims, int[] axes) =>
        Enumerable.Range(axes[0], dims.Length - axes[0]).Select(a => axes.Contains(a) ? dims[a] : 1).ToArray();

    /// <summary>The weight shape Keras stores for <paramref name="axes"/>: the input dims at those axes.</summary>
    public static int[] WeightShape(int[] dims, int[] axes) => axes.Select(a => dims[a]).ToArray();

    /// <summary>Element count of a shape.</summary>
    public static int Count(int[] shape) => (int)Shape.ElementCount(shape);
}
