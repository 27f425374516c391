using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Permute(dims) -> TRANSPOSE with permutation [0, dims...] (Keras numbers dims from 1, batch excluded).</summary>
public sealed class PermuteConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Permute"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var rank = c.InputDims.Length;
        var dims = c.Config.GetIntList("dims");
        if (dims.Length != rank - 1 || !dims.Order().SequenceEqual(Enumerable.Range(1, rank - 1)))
            throw c.Config.Unsupported("dims", $"not a permutation of 1..{rank - 1}");
        return [ReshapeOps.Transpose(c, c.Input, [0, .. dims])];
    }
}
