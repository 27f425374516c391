namespace TfLite.Core.Keras.Files;

/// <summary>Bounds that keep a damaged or hostile file from making the reader allocate without limit.</summary>
internal static class KerasFileLimits
{
    /// <summary>
    /// Deflate never expands data by more than about 1032:1, so compressed data cannot honestly declare more than this
    /// multiple of its stored size; larger declarations are refused before anything is allocated.
    /// </summary>
    public const long MaxCompressionRatio = 1100;

    /// <summary>Largest <c>config.json</c>/<c>metadata.json</c> accepted from a <c>.keras</c> archive.</summary>
    public const long MaxJsonBytes = 64L << 20;

    /// <summary>Largest <c>model.weights.h5</c> accepted from a <c>.keras</c> archive (the largest .NET byte array).</summary>
    public static long MaxWeightsBytes => Array.MaxLength;
}
