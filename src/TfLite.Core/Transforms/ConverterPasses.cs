using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>Choices that change which rewrites the converter passes may make.</summary>
public sealed record ConverterPassOptions
{
    /// <summary>The defaults used by <see cref="ConverterPasses.Apply(TfLiteGraph)"/>.</summary>
    public static ConverterPassOptions Default { get; } = new();

    /// <summary>Fold DEQUANTIZE of float16 constants into float32 constants. Off by default: float16 quantization
    /// keeps those DEQUANTIZE operators on purpose.</summary>
    public bool FoldFloat16Dequantize { get; init; }

    /// <summary>How many rounds over all passes at most before giving up on reaching a fixed point.</summary>
    public int MaxRounds { get; init; } = 32;

    /// <summary>True when no other graph and no caller holds the graph's constant arrays (a graph an importer has just
    /// built), so that a pass may overwrite an array that only one tensor holds instead of allocating a new one.</summary>
    internal bool ConstantsUnshared { get; init; }
}

/// <summary>The graph passes TensorFlow's converter applies after lowering, run in order until nothing changes.</summary>
public static class ConverterPasses
{
    /// <summary>The passes, in the order one round applies them.</summary>
    public static IReadOnlyList<IGraphPass> Create(ConverterPassOptions options) =>
    [
        new RemoveIdentity(),
        new FoldConstants(options.FoldFloat16Dequantize),
        new MoveElementwiseBeforeReshape(),
        new FoldBatchNorm(options.ConstantsUnshared),
        new FuseActivation(),
        new RemoveDeadCode(),
    ];

    /// <summary>Rewrites <paramref name="graph"/> in place with the standard passes.</summary>
    public static void Apply(TfLiteGraph graph) => Apply(graph, ConverterPassOptions.Default);

    /// <summary>Rewrites <paramref name="graph"/> in place with the standard passes and the given options.</summary>
    /// <returns>The number of rounds that changed the graph.</returns>
    public static int Apply(TfLiteGraph graph, ConverterPassOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        var passes = Create(options);
        // Every rewrite removes an operator or a tensor, or shortens a chain, so rounds end; the cap is a guard.
        for (var round = 0; round < options.MaxRounds; round++)
        {
            var changed = false;
            foreach (var pass in passes) changed |= pass.Run(graph);
            if (!changed) return round;
        }
        return options.MaxRounds;
    }
}
