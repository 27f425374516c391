using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>One graph-to-graph rewrite applied in place, such as folding batch normalization into a convolution.</summary>
public interface IGraphPass
{
    /// <summary>Short stable name of the pass, e.g. <c>FoldBatchNorm</c>.</summary>
    string Name { get; }

    /// <summary>Rewrites <paramref name="graph"/> in place as far as the pass can.</summary>
    /// <returns>True when anything changed.</returns>
    bool Run(TfLiteGraph graph);
}
