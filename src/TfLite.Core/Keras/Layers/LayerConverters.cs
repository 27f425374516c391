using TfLite.Core.Keras.Layers.Qat;

namespace TfLite.Core.Keras.Layers;

/// <summary>The table of every layer converter. A new converter is registered by adding one line here.</summary>
public static class LayerConverters
{
    /// <summary>All converters, one per layer family.</summary>
    public static IReadOnlyList<ILayerConverter> All { get; } =
    [
        new DenseConverter(),
        new Conv1DConverter(),
        new Conv2DConverter(),
        new DepthwiseConv2DConverter(),
        new SeparableConv2DConverter(),
        new Conv2DTransposeConverter(),
        new PoolingConverter(),
        new GlobalPoolingConverter(),
        new FlattenConverter(),
        new ReshapeConverter(),
        new PermuteConverter(),
        new RepeatVectorConverter(),
        new BatchNormalizationConverter(),
        new LayerNormalizationConverter(),
        new ActivationLayerConverter(),
        new MergeConverter(),
        new PaddingConverter(),
        new CroppingConverter(),
        new UpSamplingConverter(),
        new RescalingConverter(),
        new NormalizationConverter(),
        new EmbeddingConverter(),
        new IdentityConverter(),
        new TimeDistributedConverter(),
        new QuantizeLayerConverter(),
        new QuantizeWrapperConverter(),
        new SimpleRnnConverter(), new LstmConverter(), new GruConverter(),
    ];
}
