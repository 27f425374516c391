using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Embedding -> GATHER of the [input_dim, output_dim] table by the indices; float indices are CAST to
/// int32 first, as Keras casts them.</summary>
public sealed class EmbeddingConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Embedding"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        c.Config.RequireOneOf("lora_rank");
        var vocabulary = c.Config.GetInt("input_dim");
        var features = c.Config.GetInt("output_dim");
        c.ExpectWeightCount(1);
        var table = c.Constant(c.Weight(0, "embeddings", vocabulary, features).Values, [vocabulary, features], "embeddings");
        var indices = c.Input;
        if (indices.Type is not (TensorType.Int32 or TensorType.Int64))
            indices = c.Emit(BuiltinOperator.Cast, [indices], c.InputDims,
                new CastOptions { InDataType = indices.Type, OutDataType = TensorType.Int32 }, "Cast", TensorType.Int32);
        return [c.Emit(BuiltinOperator.Gather, [table, indices], [.. c.InputDims, features], new GatherOptions { Axis = 0 })];
    }
}
