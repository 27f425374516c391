namespace TfLite.Core.Keras.Files;

/// <summary>Where the weights of an opened Keras file come from (legacy HDF5 layout or Keras 3 archive layout).</summary>
internal interface IKerasWeightStore : IDisposable
{
    /// <summary>The weights of the layer at <paramref name="layerPath"/> in Keras order; empty for unknown layers.</summary>
    /// <param name="layerPath">Layer names from the top model down to the layer.</param>
    /// <param name="deferred">Where the store can, leave the values in the file until they are asked for (see
    /// <see cref="KerasWeight.CopyRowsTo"/>); the store must then stay open until they are.</param>
    IReadOnlyList<KerasWeight> GetWeights(IReadOnlyList<string> layerPath, bool deferred);
}
