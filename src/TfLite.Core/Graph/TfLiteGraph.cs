namespace TfLite.Core.Graph;

/// <summary>
/// A model as it flows through the pipeline: TFLite's own structure (subgraphs of tensors and operators, signature
/// definitions, metadata), plus where it came from. Importers make one, transforms and quantizers rewrite one,
/// the writer serializes one and the interpreter runs one.
/// </summary>
public sealed class TfLiteGraph
{
    /// <summary>Model name (the Keras model name, or the file name).</summary>
    public string Name { get; set; } = "model";

    /// <summary>The file the graph was read from, if any.</summary>
    public string? SourcePath { get; set; }

    /// <summary>Human-readable description stored in the flatbuffer.</summary>
    public string? Description { get; set; }

    /// <summary>Schema version (3).</summary>
    public uint SchemaVersion { get; set; } = 3;

    /// <summary>Subgraphs; the first one is the main graph.</summary>
    public List<Subgraph> Subgraphs { get; } = [];

    /// <summary>Signature definitions.</summary>
    public List<SignatureDef> SignatureDefs { get; } = [];

    /// <summary>Named metadata entries (e.g. <c>min_runtime_version</c>), in file order.</summary>
    public List<KeyValuePair<string, byte[]>> Metadata { get; } = [];

    /// <summary>The main subgraph.</summary>
    public Subgraph Main => Subgraphs.Count > 0 ? Subgraphs[0] : throw new InvalidOperationException("The graph has no subgraph.");

    /// <summary>Inputs of the main subgraph.</summary>
    public IReadOnlyList<Tensor> Inputs => Main.Inputs;

    /// <summary>Outputs of the main subgraph.</summary>
    public IReadOnlyList<Tensor> Outputs => Main.Outputs;

    /// <summary>Number of operators across all subgraphs.</summary>
    public int OperatorCount => Subgraphs.Sum(s => s.Operators.Count);

    /// <summary>Number of constant elements (weights, biases, other constants) across all subgraphs.</summary>
    public long ParameterCount => ConstantTensors().Sum(t => t.ElementCount);

    /// <summary>Bytes of constant data (each shared buffer counted once).</summary>
    public long ConstantBytes => ConstantTensors().Select(t => t.Data!).Distinct(ReferenceEqualityComparer.Instance).Sum(d => (long)((byte[])d!).Length);

    /// <summary>Creates a graph with one empty main subgraph.</summary>
    public static TfLiteGraph CreateEmpty(string name)
    {
        var g = new TfLiteGraph { Name = name };
        g.Subgraphs.Add(new Subgraph { Name = "main" });
        return g;
    }

    private IEnumerable<Tensor> ConstantTensors() => Subgraphs.SelectMany(s => s.Tensors).Where(t => t.IsConstant);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {OperatorCount} operators, {ParameterCount} parameters";
}
