using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>GlobalAverage/MaxPooling1D/2D -> MEAN/REDUCE_MAX over the spatial axes, keep_dims from <c>keepdims</c>.</summary>
public sealed class GlobalPoolingConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } =
    [
        "GlobalAveragePooling2D", "GlobalAvgPool2D", "GlobalMaxPooling2D", "GlobalMaxPool2D",
        "GlobalAveragePooling1D", "GlobalAvgPool1D", "GlobalMaxPooling1D", "GlobalMaxPool1D",
    ];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        SpatialOptions.RequireChannelsLast(c);
        var code = c.ClassName.StartsWith("GlobalMax", StringComparison.Ordinal) ? BuiltinOperator.ReduceMax : BuiltinOperator.Mean;
        var oneD = c.ClassName.EndsWith("1D", StringComparison.Ordinal);
        var dims = c.InputDimsOfRank(oneD ? 3 : 4);
        int[] axes = oneD ? [1] : [1, 2];
        var keepDims = c.Config.GetBool("keepdims", false);
        int[] outDims = keepDims ? dims.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray() : [dims[0], dims[^1]];
        return [c.Emit(code, [c.Input, c.ConstantInt32(axes, "axes")], outDims, new ReducerOptions { KeepDims = keepDims })];
    }
}
