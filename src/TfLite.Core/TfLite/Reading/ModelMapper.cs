using TfLite.Core.Graph;
using TfLite.Core.Serialization.Options;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Reading;

/// <summary>Maps a verified TFLite model to a graph: subgraphs, signature definitions and metadata.</summary>
internal static class ModelMapper
{
    /// <summary>Maps the model; <paramref name="file"/> holds the whole file (for data kept after the flatbuffer).</summary>
    /// <exception cref="SchemaMappingException">A value the graph cannot hold or that contradicts the schema,
    /// prefixed with where it was met.</exception>
    public static TfLiteGraph Map(byte[] file, Fb.Model model, string? sourcePath)
    {
        var budget = new ReadBudget(file.Length);
        var buffers = new BufferTable(file, model, budget);
        var tensors = new TensorMapper(buffers, budget);
        var operators = At("operator codes", () => new OperatorMapper(file, model, budget));
        var graph = new TfLiteGraph
        {
            Name = sourcePath is null ? "model" : Path.GetFileNameWithoutExtension(sourcePath),
            SourcePath = sourcePath,
            Description = model.Description,
            SchemaVersion = model.Version,
        };
        for (var i = 0; i < model.SubgraphsLength; i++)
        {
            var subgraph = model.Subgraphs(i)!.Value;
            graph.Subgraphs.Add(At($"subgraph {i}", () => MapSubgraph(subgraph, tensors, operators)));
        }
        for (var i = 0; i < model.SignatureDefsLength; i++)
        {
            var signature = model.SignatureDefs(i)!.Value;
            graph.SignatureDefs.Add(At($"signature def {i}", () => MapSignature(signature, graph, budget)));
        }
        for (var i = 0; i < model.MetadataLength; i++)
        {
            var metadata = model.Metadata(i)!.Value;
            graph.Metadata.Add(At($"metadata {i}", () => MapMetadata(metadata, buffers, budget)));
        }
        return graph;
    }

    private static Subgraph MapSubgraph(Fb.SubGraph table, TensorMapper tensors, OperatorMapper operators)
    {
        var subgraph = new Subgraph { Name = table.Name };
        for (var i = 0; i < table.TensorsLength; i++)
        {
            var tensor = table.Tensors(i)!.Value;
            subgraph.Tensors.Add(At($"tensor {i} '{tensor.Name}'", () => tensors.Map(tensor)));
        }
        subgraph.Inputs.AddRange((table.GetInputsArray() ?? []).Select(i => OperatorMapper.TensorAt(subgraph.Tensors, i, "subgraph input")));
        subgraph.Outputs.AddRange((table.GetOutputsArray() ?? []).Select(i => OperatorMapper.TensorAt(subgraph.Tensors, i, "subgraph output")));
        for (var i = 0; i < table.OperatorsLength; i++)
        {
            var op = table.Operators(i)!.Value;
            subgraph.Operators.Add(At($"operator {i}", () => operators.Map(op, subgraph.Tensors)));
        }
        return subgraph;
    }

    private static SignatureDef MapSignature(Fb.SignatureDef table, TfLiteGraph graph, ReadBudget budget)
    {
        if (table.SubgraphIndex >= graph.Subgraphs.Count)
            throw SchemaMappingException.Invalid($"subgraph index {table.SubgraphIndex} is out of range: the model has {graph.Subgraphs.Count} subgraphs");
        var tensors = graph.Subgraphs[(int)table.SubgraphIndex].Tensors;
        var signature = new SignatureDef { Key = table.SignatureKey ?? "", SubgraphIndex = (int)table.SubgraphIndex };
        for (var i = 0; i < table.InputsLength; i++)
            signature.Inputs.Add(MapTensorMap(table.Inputs(i)!.Value, tensors, "signature input", budget));
        for (var i = 0; i < table.OutputsLength; i++)
            signature.Outputs.Add(MapTensorMap(table.Outputs(i)!.Value, tensors, "signature output", budget));
        return signature;
    }

    private static KeyValuePair<string, Tensor> MapTensorMap(Fb.TensorMap map, IReadOnlyList<Tensor> tensors, string role, ReadBudget budget)
    {
        budget.Charge(64 + 2L * (map.Name?.Length ?? 0));
        var index = (int)Math.Min(map.TensorIndex, int.MaxValue);
        return KeyValuePair.Create(map.Name ?? "", OperatorMapper.TensorAt(tensors, index, role));
    }

    private static KeyValuePair<string, byte[]> MapMetadata(Fb.Metadata table, BufferTable buffers, ReadBudget budget)
    {
        var data = buffers.Get(table.Buffer) ?? [];
        // A copy: the entry must not alias a buffer that a tensor may also use.
        budget.Charge(64 + data.Length + 2L * (table.Name?.Length ?? 0));
        return KeyValuePair.Create(table.Name ?? "", (byte[])data.Clone());
    }

    private static T At<T>(string where, Func<T> map)
    {
        try
        {
            return map();
        }
        catch (SchemaMappingException e)
        {
            throw e.At(where);
        }
    }
}
