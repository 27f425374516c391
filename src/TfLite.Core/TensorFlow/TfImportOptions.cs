namespace TfLite.Core.TensorFlow;

/// <summary>Options of an import from TensorFlow's own formats (GraphDef, text GraphDef, SavedModel).</summary>
public sealed class TfImportOptions
{
    /// <summary>Names of the graph's input nodes (or tensors, <c>node:k</c>), as TensorFlow's
    /// <c>from_frozen_graph(path, input_arrays, ...)</c> takes them; null or empty for every Placeholder that the
    /// outputs depend on.</summary>
    public IReadOnlyList<string>? InputNames { get; init; }

    /// <summary>Names of the graph's output nodes (or tensors, <c>node:k</c>); null or empty for the sinks:
    /// the nodes whose outputs nothing else consumes.</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }

    /// <summary>Shapes for inputs whose shape is unknown or partly unknown (TensorFlow's <c>input_shapes</c>), by input
    /// name; -1 keeps a dimension dynamic (the batch).</summary>
    public IReadOnlyDictionary<string, int[]>? InputShapes { get; init; }

    /// <summary>The SavedModel signature to convert; <c>serving_default</c> when null.</summary>
    public string? SignatureName { get; init; }

    /// <summary>The SavedModel tags that select the MetaGraph; <c>serve</c> when null or empty.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Checkpoint prefix (<c>model.ckpt</c> for <c>model.ckpt.index</c> + <c>model.ckpt.data-*</c>) holding
    /// the values of a GraphDef's variables.</summary>
    public string? CheckpointPrefix { get; init; }

    /// <summary>Run the converter's standard graph passes after lowering. Default true.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>Receives one message per converted node or read file, for progress reporting.</summary>
    public IProgress<string>? Progress { get; init; }
}
