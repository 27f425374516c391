using TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>Builds the reference layer for a Keras layer entry, reading its weights.</summary>
internal static class RefLayerFactory
{
    /// <summary>Layer classes that are the identity at inference.</summary>
    private static readonly HashSet<string> InferenceIdentity =
    [
        "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
        "AlphaDropout", "ActivityRegularization",
    ];

    /// <summary>Creates the layer. <paramref name="path"/> is the layer's own path (its name last).</summary>
    public static IRefLayer Create(LayerConfig c, WeightSource source, IReadOnlyList<string> path)
    {
        switch (c.ClassName)
        {
            case "Sequential" or "Functional" or "Model":
                return KerasReferenceModel.Build(c.Layer, source, path, c.KerasMajor);
            case "QuantizeAnnotate":
                // A QAT annotation around a float layer; its weights sit under the wrapper's name.
                return Create(Inner(c), _ => source(path), path);
            case "TimeDistributed":
                return TimeDistributed(Create(Inner(c), _ => source(path), path));
        }
        if (InferenceIdentity.Contains(c.ClassName)) return new UnaryLayer(x => x);

        var w = new LayerWeights(c.Name, source(path));
        return c.ClassName switch
        {
            "Dense" => CoreLayers.Dense(c, w),
            "Embedding" => CoreLayers.Embedding(c, w),
            "Activation" => CoreLayers.Activation(c),
            "ReLU" => CoreLayers.ReLU(c),
            "LeakyReLU" => CoreLayers.LeakyReLU(c),
            "ELU" => CoreLayers.Elu(c),
            "PReLU" => CoreLayers.PReLU(c, w),
            "Softmax" => CoreLayers.Softmax(c),
            "Conv1D" or "Convolution1D" => Convolutions.Conv(c, w, oneD: true),
            "Conv2D" or "Convolution2D" => Convolutions.Conv(c, w, oneD: false),
            "DepthwiseConv2D" => Convolutions.Depthwise(c, w),
            "SeparableConv2D" or "SeparableConvolution2D" => Convolutions.Separable(c, w),
            "Conv2DTranspose" or "Convolution2DTranspose" => Convolutions.Transpose(c, w),
            "MaxPooling1D" or "MaxPool1D" => Pooling.Pool(c, max: true, oneD: true),
            "MaxPooling2D" or "MaxPool2D" => Pooling.Pool(c, max: true, oneD: false),
            "AveragePooling1D" or "AvgPool1D" => Pooling.Pool(c, max: false, oneD: true),
            "AveragePooling2D" or "AvgPool2D" => Pooling.Pool(c, max: false, oneD: false),
            "GlobalAveragePooling1D" or "GlobalAveragePooling2D" or "GlobalAvgPool1D" or "GlobalAvgPool2D" => Pooling.Global(c, max: false),
            "GlobalMaxPooling1D" or "GlobalMaxPooling2D" or "GlobalMaxPool1D" or "GlobalMaxPool2D" => Pooling.Global(c, max: true),
            "BatchNormalization" => Normalizations.BatchNorm(c, w),
            "LayerNormalization" => Normalizations.LayerNorm(c, w),
            "Normalization" => Normalizations.Normalization(c, w),
            "Rescaling" => Normalizations.Rescaling(c),
            "Flatten" => Reshaping.Flatten(c),
            "Reshape" => Reshaping.Reshape(c),
            "Permute" => Reshaping.Permute(c),
            "RepeatVector" => Reshaping.RepeatVector(c),
            "ZeroPadding1D" => Reshaping.ZeroPadding(c, 1),
            "ZeroPadding2D" => Reshaping.ZeroPadding(c, 2),
            "Cropping1D" => Reshaping.Cropping(c, 1),
            "Cropping2D" => Reshaping.Cropping(c, 2),
            "UpSampling1D" => Reshaping.UpSampling1D(c),
            "UpSampling2D" => Reshaping.UpSampling2D(c),
            "Add" or "Subtract" or "Multiply" or "Average" or "Maximum" or "Minimum" => Merging.Elementwise(c),
            "Concatenate" => Merging.Concatenate(c),
            "SimpleRNN" or "LSTM" or "GRU" => Recurrent.Create(c, w),
            _ => throw new NotSupportedException($"Layer class '{c.ClassName}' ({c.Name}) is not in the reference evaluator."),
        };
    }

    private static LayerConfig Inner(LayerConfig c) =>
        c.TryGet("layer", out var inner) ? new LayerConfig(inner, c.KerasMajor) : throw new FormatException($"{c.Name}: wrapper without a layer.");

    /// <summary>Applies a layer to every time step: [N, T, ...] is run as [N*T, ...].</summary>
    private static IRefLayer TimeDistributed(IRefLayer inner) => new UnaryLayer(x =>
    {
        int n = x.Shape[0], t = x.Shape[1];
        var y = inner.Call([x.Reshape([n * t, .. x.Shape[2..]])]);
        var one = y.Count == 1 ? y[0] : throw new NotSupportedException("TimeDistributed over a multi-output layer.");
        return one.Reshape([n, t, .. one.Shape[1..]]);
    });
}
