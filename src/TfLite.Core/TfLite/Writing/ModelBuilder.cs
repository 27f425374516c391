using Google.FlatBuffers;
using TfLite.Core.Graph;
using TfLite.Core.Serialization.Options;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Writing;

/// <summary>
/// Serializes a graph the way TensorFlow's converter lays out a model: buffer 0 empty, one buffer per distinct
/// constant content (16-byte aligned, its data at the end of the file), the metadata buffers after them, operator versions
/// resolved, <c>min_runtime_version</c> computed, and a <c>serving_default</c> signature when the graph has none.
/// Unlike TensorFlow it stores identical vectors, strings and quantization tables once and leaves out the empty
/// quantization table of float tensors, which keeps quantized files small (per-channel zero points are all zero).
/// The same graph always gives the same bytes.
/// </summary>
internal sealed class ModelBuilder
{
    /// <summary>Metadata entry holding the oldest runtime that can run the model.</summary>
    public const string MinRuntimeVersionKey = "min_runtime_version";

    private const uint SchemaVersion = 3;
    private const string DefaultSignatureKey = "serving_default";

    private readonly TfLiteGraph _graph;
    private readonly FlatBufferBuilder _builder;
    private readonly Dictionary<Operator, int> _versions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<byte[], uint> _bufferOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<byte[], uint> _bufferWithContent = new(ByteContentComparer.Instance);
    private readonly List<Dictionary<Tensor, int>> _tensorIndex = [];
    private readonly OperatorCodeTable _codes = new();
    private readonly SharedObjects _shared;
    private readonly ConstantTail _tail = new();

    private ModelBuilder(TfLiteGraph graph)
    {
        _graph = graph;
        _builder = new FlatBufferBuilder(1 << 16);
        _shared = new SharedObjects(_builder);
        foreach (var subgraph in graph.Subgraphs)
        {
            var index = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < subgraph.Tensors.Count; i++) index[subgraph.Tensors[i]] = i;
            _tensorIndex.Add(index);
        }
        ResolveVersions();
    }

    // Operators without a version share one operator code per kind, as in TensorFlow's files: its version is the
    // highest that any of them needs (a runtime implementing a version implements the lower ones too).
    private void ResolveVersions()
    {
        var operators = _graph.Subgraphs.SelectMany(s => s.Operators).ToList();
        var needed = operators.Where(o => o.Version <= 0)
            .GroupBy(o => (o.Code, o.CustomCode))
            .ToDictionary(g => g.Key, g => g.Max(OperatorVersions.Lowest));
        foreach (var op in operators)
            _versions[op] = op.Version > 0 ? op.Version : needed[(op.Code, op.CustomCode)];
    }

    /// <summary>The flatbuffer of a graph.</summary>
    /// <exception cref="ModelFormatException"><see cref="TfLiteErrorIds.InvalidGraph"/>: the graph cannot be written.</exception>
    public static byte[] Build(TfLiteGraph graph, string defaultDescription) => Serialize(graph, defaultDescription).ToArray();

    /// <summary>The flatbuffer of a graph, whose constants are still the tensors' own arrays: writing a file from it
    /// copies the weights once, into the file.</summary>
    /// <exception cref="ModelFormatException"><see cref="TfLiteErrorIds.InvalidGraph"/>: the graph cannot be written.</exception>
    public static SerializedModel Serialize(TfLiteGraph graph, string defaultDescription)
    {
        GraphChecks.Check(graph);
        return new ModelBuilder(graph).Write(defaultDescription);
    }

    private SerializedModel Write(string defaultDescription)
    {
        var b = _builder;
        // The tail that follows the builder's bytes is aligned to 16; the builder's own size must be a multiple of 16
        // too, so that the data is aligned from the start of the file.
        b.Prep(ConstantTail.Alignment, 0);
        var metadata = MetadataEntries();
        var (buffers, metadataBuffers) = WriteBuffers(metadata);
        var subgraphs = Fb.Model.CreateSubgraphsVector(b, _graph.Subgraphs.Select((s, i) => WriteSubgraph(s, i)).ToArray());
        var codes = _codes.Write(b);
        var signatures = Fb.Model.CreateSignatureDefsVector(b, Signatures().Select(WriteSignature).ToArray());
        var metadataTables = Fb.Model.CreateMetadataVector(b, metadata
            .Select((m, i) => Fb.Metadata.CreateMetadata(b, _shared.String(m.Key), metadataBuffers[i])).ToArray());
        var description = _shared.String(_graph.Description ?? defaultDescription);
        var model = Fb.Model.CreateModel(b, SchemaVersion, codes, subgraphs, description, buffers,
            metadataOffset: metadataTables, signature_defsOffset: signatures);
        Fb.Model.FinishModelBuffer(b, model);
        var buffer = b.DataBuffer;
        return new SerializedModel(buffer.ToArraySegment(buffer.Position, buffer.Length - buffer.Position), _tail);
    }

    // min_runtime_version first, as TensorFlow writes it, computed from the operators; the graph's other entries after.
    private List<KeyValuePair<string, byte[]>> MetadataEntries()
    {
        var operators = _graph.Subgraphs.SelectMany(s => s.Operators).Select(o => (o.Code, _versions[o]));
        var runtime = RuntimeVersions.ToBuffer(RuntimeVersions.ForModel(operators));
        return [KeyValuePair.Create(MinRuntimeVersionKey, runtime), .. _graph.Metadata.Where(m => m.Key != MinRuntimeVersionKey)];
    }

    // The data vectors go to the tail in buffer order (buffer 0 stays empty); their Buffer tables can point into it
    // once all are placed.
    private (VectorOffset Buffers, uint[] MetadataBuffers) WriteBuffers(List<KeyValuePair<string, byte[]>> metadata)
    {
        foreach (var tensor in _graph.Subgraphs.SelectMany(s => s.Tensors))
            if (tensor.Data is { Length: > 0 } data && !_bufferOf.ContainsKey(data))
            {
                // Equal constants share one buffer (unrolled recurrent layers repeat their weights at every step);
                // a variable tensor's buffer is its initial state, which the runtime overwrites, so it keeps its own.
                if (!tensor.IsVariable && _bufferWithContent.TryGetValue(data, out var equal))
                {
                    _bufferOf[data] = equal;
                    continue;
                }
                var buffer = (uint)_tail.Add(data) + 1;
                _bufferOf[data] = buffer;
                if (!tensor.IsVariable) _bufferWithContent[data] = buffer;
            }
        var metadataBuffers = metadata.Select(m => (uint)_tail.Add(m.Value) + 1).ToArray();
        var buffers = new Offset<Fb.Buffer>[_tail.Count + 1];
        buffers[0] = Fb.Buffer.CreateBuffer(_builder);
        for (var i = 0; i < _tail.Count; i++)
            buffers[i + 1] = Fb.Buffer.CreateBuffer(_builder, new VectorOffset(_tail.BuilderOffset(i)));
        return (Fb.Model.CreateBuffersVector(_builder, buffers), metadataBuffers);
    }

    private Offset<Fb.SubGraph> WriteSubgraph(Subgraph subgraph, int s)
    {
        var b = _builder;
        var index = _tensorIndex[s];
        var tensors = Fb.SubGraph.CreateTensorsVector(b, subgraph.Tensors.Select(WriteTensor).ToArray());
        var inputs = _shared.Vector(subgraph.Inputs.Select(t => index[t]).ToArray());
        var outputs = _shared.Vector(subgraph.Outputs.Select(t => index[t]).ToArray());
        var operators = Fb.SubGraph.CreateOperatorsVector(b, subgraph.Operators.Select(o => WriteOperator(o, index)).ToArray());
        var name = subgraph.Name is null ? default : _shared.String(subgraph.Name);
        return Fb.SubGraph.CreateSubGraph(b, tensors, inputs, outputs, operators, name);
    }

    private Offset<Fb.Tensor> WriteTensor(Tensor t)
    {
        var b = _builder;
        var shape = _shared.Vector(t.Shape);
        var name = _shared.String(t.Name);
        // TensorFlow writes an empty table for float tensors; leaving it out means the same and saves 8 bytes a tensor.
        var quantization = t.Quantization is null ? default : _shared.Quantization(t.Quantization);
        var signature = t.ShapeSignature is null ? default : _shared.Vector(t.ShapeSignature);
        var buffer = t.Data is { Length: > 0 } data ? _bufferOf[data] : 0;
        return Fb.Tensor.CreateTensor(b, shape, t.Type.ToSchema(), buffer, name, quantization, t.IsVariable,
            shape_signatureOffset: signature, has_rank: t.HasRank);
    }

    private Offset<Fb.Operator> WriteOperator(Operator op, Dictionary<Tensor, int> index)
    {
        var b = _builder;
        var inputs = _shared.Vector(op.Inputs.Select(t => t is null ? -1 : index[t]).ToArray());
        var outputs = _shared.Vector(op.Outputs.Select(t => index[t]).ToArray());
        var (optionsType, options) = BuiltinOptionsMap.Write(b, op);
        var customOptions = op.CustomOptions is null ? default : Fb.Operator.CreateCustomOptionsVectorBlock(b, op.CustomOptions);
        var intermediates = op.Intermediates.Count == 0
            ? default
            : _shared.Vector(op.Intermediates.Select(t => index[t]).ToArray());
        return Fb.Operator.CreateOperator(b, _codes.IndexOf(op, _versions[op]), inputs, outputs, optionsType, options,
            customOptions, intermediatesOffset: intermediates);
    }

    // The graph's signatures, or serving_default over the main subgraph's inputs and outputs named after the tensors.
    private IEnumerable<SignatureDef> Signatures()
    {
        if (_graph.SignatureDefs.Count > 0) return _graph.SignatureDefs;
        var signature = new SignatureDef { Key = DefaultSignatureKey, SubgraphIndex = 0 };
        signature.Inputs.AddRange(_graph.Main.Inputs.Select(t => KeyValuePair.Create(t.Name, t)));
        signature.Outputs.AddRange(_graph.Main.Outputs.Select(t => KeyValuePair.Create(t.Name, t)));
        return [signature];
    }

    private Offset<Fb.SignatureDef> WriteSignature(SignatureDef signature)
    {
        var b = _builder;
        var index = _tensorIndex[signature.SubgraphIndex];
        VectorOffset Maps(List<KeyValuePair<string, Tensor>> maps) => b.CreateVectorOfTables(maps
            .Select(m => Fb.TensorMap.CreateTensorMap(b, _shared.String(m.Key), (uint)index[m.Value])).ToArray());
        var inputs = Maps(signature.Inputs);
        var outputs = Maps(signature.Outputs);
        return Fb.SignatureDef.CreateSignatureDef(b, inputs, outputs, _shared.String(signature.Key), (uint)signature.SubgraphIndex);
    }
}
