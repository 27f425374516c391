using System.Buffers;
using TfLite.Core.Keras.Layers;

namespace TfLite.Core.Keras.Conversion;

/// <summary>What every layer conversion of one model shares: the graph being built, the weight source, the
/// converter table and the Keras version that wrote the model.</summary>
/// <param name="Builder">The graph under construction.</param>
/// <param name="WeightSource">Returns a layer's weights given its layer path (see <see cref="KerasModelFile.GetWeights"/>).</param>
/// <param name="Registry">Converters by class name.</param>
/// <param name="KerasVersion">The Keras version that wrote the model.</param>
/// <param name="SourcePath">The model file, if any (for messages).</param>
/// <param name="Options">The import options (converters may offer choices through them).</param>
public sealed record ConversionSession(
    GraphBuilder Builder,
    Func<IReadOnlyList<string>, IReadOnlyList<KerasWeight>> WeightSource,
    LayerConverterRegistry Registry,
    Version KerasVersion,
    string? SourcePath,
    KerasImportOptions Options)
{
    private float[] _scratch = [];

    /// <summary>A buffer of <paramref name="count"/> floats that the session reuses, for weights read only to be
    /// reordered into a constant's bytes: valid until the next call or <see cref="ReturnScratch"/>.</summary>
    /// <remarks>It comes from the shared array pool, so that conversions one after another reuse memory that is already
    /// mapped instead of each faulting in a buffer the size of its largest weight; the pool lets go of arrays that stay
    /// unused for a while or when memory runs short.</remarks>
    internal Span<float> Scratch(int count)
    {
        if (_scratch.Length < count)
        {
            ReturnScratch();
            _scratch = ArrayPool<float>.Shared.Rent(count);
        }
        return _scratch.AsSpan(0, count);
    }

    /// <summary>Gives the buffer of <see cref="Scratch"/> back to the pool once the conversion is over.</summary>
    internal void ReturnScratch()
    {
        if (_scratch.Length > 0) ArrayPool<float>.Shared.Return(_scratch);
        _scratch = [];
    }
}
