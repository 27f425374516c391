namespace TfLite.Core.Graph;

/// <summary>Deep copies of graphs, so that a pass or cmdlet never changes the graph it was handed.</summary>
public static class GraphCloner
{
    /// <summary>Copies every subgraph, tensor, operator, constant buffer and signature; shared buffers stay shared.</summary>
    public static TfLiteGraph Clone(this TfLiteGraph source)
    {
        var copy = new TfLiteGraph
        {
            Name = source.Name,
            SourcePath = source.SourcePath,
            Description = source.Description,
            SchemaVersion = source.SchemaVersion,
        };
        var buffers = new Dictionary<byte[], byte[]>(ReferenceEqualityComparer.Instance);
        var tensorMaps = new List<Dictionary<Tensor, Tensor>>();
        foreach (var sg in source.Subgraphs)
        {
            var map = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
            var sgCopy = new Subgraph { Name = sg.Name };
            foreach (var t in sg.Tensors)
            {
                var tc = CloneTensor(t, buffers);
                map[t] = tc;
                sgCopy.Tensors.Add(tc);
            }
            Tensor M(Tensor t) => map.TryGetValue(t, out var c) ? c : map[t] = CloneTensor(t, buffers);
            foreach (var op in sg.Operators)
            {
                var opCopy = new Operator(op.Code, op.Inputs.Select(i => i is null ? null : M(i)), op.Outputs.Select(M), op.Options)
                {
                    CustomCode = op.CustomCode,
                    Version = op.Version,
                    CustomOptions = (byte[]?)op.CustomOptions?.Clone(),
                    SourceLayer = op.SourceLayer,
                };
                opCopy.Intermediates.AddRange(op.Intermediates.Select(M));
                sgCopy.Operators.Add(opCopy);
            }
            sgCopy.Inputs.AddRange(sg.Inputs.Select(M));
            sgCopy.Outputs.AddRange(sg.Outputs.Select(M));
            copy.Subgraphs.Add(sgCopy);
            tensorMaps.Add(map);
        }
        foreach (var sig in source.SignatureDefs)
        {
            var map = tensorMaps[sig.SubgraphIndex];
            var sc = new SignatureDef { Key = sig.Key, SubgraphIndex = sig.SubgraphIndex };
            sc.Inputs.AddRange(sig.Inputs.Select(kv => KeyValuePair.Create(kv.Key, map[kv.Value])));
            sc.Outputs.AddRange(sig.Outputs.Select(kv => KeyValuePair.Create(kv.Key, map[kv.Value])));
            copy.SignatureDefs.Add(sc);
        }
        copy.Metadata.AddRange(source.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (byte[])kv.Value.Clone())));
        return copy;
    }

    private static Tensor CloneTensor(Tensor t, Dictionary<byte[], byte[]> buffers)
    {
        byte[]? data = null;
        if (t.Data is { } d && !buffers.TryGetValue(d, out data))
            buffers[d] = data = (byte[])d.Clone();
        return new Tensor(t.Name, t.Type, (int[])t.Shape.Clone())
        {
            ShapeSignature = (int[]?)t.ShapeSignature?.Clone(),
            HasRank = t.HasRank,
            Data = data,
            Quantization = t.Quantization?.Clone(),
            IsVariable = t.IsVariable,
            WeightGrid = (float[]?)t.WeightGrid?.Clone(),
        };
    }
}
