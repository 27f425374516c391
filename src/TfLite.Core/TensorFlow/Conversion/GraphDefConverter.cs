using TfLite.Core.Graph;
using TfLite.Core.Keras.Conversion;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;
using TfLite.Core.Transforms;

namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>
/// Lowers the nodes of a GraphDef between its inputs and outputs to a float32 <see cref="TfLiteGraph"/> of TFLite
/// builtin operators, as TensorFlow's converter does: constants and shape arithmetic are computed at conversion
/// time, training-only nodes vanish, FakeQuant ranges land on their tensors, and the standard graph passes then fold
/// biases and batch norms into the convolutions and fuse activations.
/// </summary>
public static class GraphDefConverter
{
    /// <summary>Converts <paramref name="graph"/>.</summary>
    /// <param name="graph">The GraphDef (frozen, or with variables whose values <paramref name="variables"/> holds).</param>
    /// <param name="variables">Values of the graph's variables; null for a frozen graph.</param>
    /// <param name="options">Inputs, outputs, input shapes, passes, progress.</param>
    /// <param name="sourcePath">The file the graph came from, for messages.</param>
    /// <param name="registry">Op converters; <see cref="TfOpRegistry.Default"/> when null.</param>
    /// <exception cref="ModelFormatException">A named node is missing, a cycle, a node that does not fit its op.</exception>
    /// <exception cref="UnsupportedLayerException">Ops without a conversion, all listed at once.</exception>
    public static TfLiteGraph Convert(GraphDef graph, ITfVariableSource? variables, TfImportOptions? options = null,
        string? sourcePath = null, TfOpRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new TfImportOptions();
        registry ??= TfOpRegistry.Default;
        var selection = NodeSelection.Select(graph, options.InputNames, options.OutputNames, sourcePath);
        ThrowIfUnsupported(selection, registry, sourcePath);

        var name = sourcePath is null ? "graph" : Path.GetFileNameWithoutExtension(sourcePath.TrimEnd('/', '\\'));
        var builder = new GraphBuilder(name);
        builder.Graph.SourcePath = sourcePath;
        var values = new Dictionary<string, IReadOnlyList<TfValue>>(StringComparer.Ordinal);
        var signature = new Graph.SignatureDef { Key = "serving_default", SubgraphIndex = 0 };
        var nodes = graph.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);

        foreach (var input in selection.Inputs)
        {
            var tensor = InputTensor(builder, nodes[input.Node], input, options, sourcePath);
            builder.Main.Inputs.Add(tensor);
            signature.Inputs.Add(new(tensor.Name, tensor));
            values[input.Node] = Enumerable.Repeat(TfValue.Of(tensor), input.Output + 1).ToArray();
        }

        for (var i = 0; i < selection.Order.Count; i++)
        {
            var node = selection.Order[i];
            options.Progress?.Report($"Node {i + 1}/{selection.Order.Count}: {node.Name} ({node.Op})");
            var inputs = node.Input.Select(TensorName.Parse).Where(t => !t.IsControl).Select(t => Lookup(values, t, node)).ToList();
            values[node.Name] = ConvertNode(registry.Find(node.Op)!, new TfNodeContext(node, inputs, builder, variables, sourcePath), sourcePath);
        }

        foreach (var output in selection.Outputs)
        {
            var value = Lookup(values, output, null);
            var tensor = new TfNodeContext(nodes[output.Node], [], builder, variables, sourcePath).Materialize(value, output.ToString());
            if (!builder.Main.Inputs.Contains(tensor) && !builder.Main.Outputs.Contains(tensor)) builder.Rename(tensor, output.ToString());
            builder.Main.Outputs.Add(tensor);
            signature.Outputs.Add(new(output.ToString(), tensor));
        }
        builder.Graph.SignatureDefs.Add(signature);
        if (options.Optimize) ConverterPasses.Apply(builder.Graph);
        return builder.Graph;
    }

    private static void ThrowIfUnsupported(NodeSelection selection, TfOpRegistry registry, string? sourcePath)
    {
        var missing = selection.Order.Where(n => registry.Find(n.Op) is null).GroupBy(n => n.Op, StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return;
        var list = string.Join(", ", missing.Select(g => $"{g.Key} (e.g. '{g.First().Name}')"));
        throw new UnsupportedLayerException(missing[0].First().Name, missing[0].Key,
            $"{missing.Count} op type(s) in '{sourcePath}' have no conversion to TFLite builtins: {list}.", TfErrorIds.UnsupportedOp);
    }

    private static Tensor InputTensor(GraphBuilder builder, NodeDef node, TensorName input, TfImportOptions options, string? sourcePath)
    {
        var attrs = new TfAttributes(node);
        var type = TfTypes.ToTfLite(node.Op is "Placeholder" or "PlaceholderWithDefault" ? attrs.Type("dtype") : attrs.Type("T", DataType.DtFloat), node);
        var dims = options.InputShapes?.GetValueOrDefault(input.ToString()) ?? options.InputShapes?.GetValueOrDefault(input.Node)
            ?? attrs.Shape("shape") ?? OutputShape(node, input.Output)
            ?? throw new ModelFormatException(TfErrorIds.InvalidNode,
                $"Input '{input}' of '{sourcePath}' has no known shape; give it with -InputShape (InputShapes).", node.Name);
        if (dims.Skip(1).Any(d => d < 0))
            throw new ModelFormatException(TfErrorIds.InvalidNode,
                $"Input '{input}' has shape {Graph.Shape.Format(dims)}: only the batch (first) dimension may be unknown; give the others with -InputShape (InputShapes).", node.Name);
        return builder.AddTensor(input.Node, type, dims);
    }

    // Graphs written with add_shapes=True carry every output's shape.
    private static int[]? OutputShape(NodeDef node, int output) =>
        node.Attr.TryGetValue("_output_shapes", out var shapes) && output < shapes.List.Shape.Count && !shapes.List.Shape[output].UnknownRank
            ? [.. shapes.List.Shape[output].Dim.Select(d => d.Size < 0 ? -1 : checked((int)d.Size))]
            : null;

    private static TfValue Lookup(Dictionary<string, IReadOnlyList<TfValue>> values, TensorName name, NodeDef? reader)
    {
        var outputs = values[name.Node];
        return name.Output < outputs.Count ? outputs[name.Output]
            : throw new ModelFormatException(TfErrorIds.InvalidNode,
                $"{(reader is null ? "The output" : $"Node '{reader.Name}'")} reads '{name}', but that node has {outputs.Count} output(s).", name.Node);
    }

    private static IReadOnlyList<TfValue> ConvertNode(ITfOpConverter converter, TfNodeContext context, string? sourcePath)
    {
        try
        {
            return converter.Convert(context);
        }
        catch (Exception e) when (e is not TfLiteException and not OperationCanceledException)
        {
            // A converter fault on odd input must still surface as a model error naming the node, never a crash.
            throw new ModelFormatException(TfErrorIds.InvalidNode,
                $"Node '{context.Node.Name}' ({context.Node.Op}) could not be converted: {e.Message}", sourcePath ?? context.Node.Name, e);
        }
    }
}
