namespace TfLite.Core.Graph;

/// <summary>A TFLite SignatureDef: named entry points to a subgraph's inputs and outputs.</summary>
public sealed class SignatureDef
{
    /// <summary>The signature key, e.g. <c>serving_default</c>.</summary>
    public string Key { get; set; } = "serving_default";

    /// <summary>Index of the subgraph the signature runs.</summary>
    public int SubgraphIndex { get; set; }

    /// <summary>Input names mapped to tensors of that subgraph, in order.</summary>
    public List<KeyValuePair<string, Tensor>> Inputs { get; } = [];

    /// <summary>Output names mapped to tensors of that subgraph, in order.</summary>
    public List<KeyValuePair<string, Tensor>> Outputs { get; } = [];
}
