namespace TfLite.Core.Keras.Files;

/// <summary>Where the weights of an opened Keras file come from (legacy HDF5 layout or Keras 3 archive layout).</summary>
internal interface IKerasWeightStore : IDisposable
{
    /// <summary>The weights of the layer at <paramref name="layerPath"/> in Keras order; empty for unknown layers.</summary>
    IReadOnlyList<KerasWeight> GetWeights(IReadOnlyList<string> layerPath);
}
