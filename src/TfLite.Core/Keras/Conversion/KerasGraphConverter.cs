using TfLite.Core.Graph;
using TfLite.Core.Keras.Config;
using TfLite.Core.Keras.Layers;

namespace TfLite.Core.Keras.Conversion;

/// <summary>
/// Walks a <see cref="KerasModelGraph"/> in execution order and lowers each layer call with its
/// <see cref="ILayerConverter"/> into one float32 <see cref="TfLiteGraph"/>: inputs named after the Keras input
/// layers (batch dimension 1 with signature -1), every tensor named after the layer that produces it, outputs in
/// the model's order and a <c>serving_default</c> signature.
/// </summary>
public static class KerasGraphConverter
{
    /// <summary>Converts <paramref name="model"/>.</summary>
    /// <param name="model">The parsed model.</param>
    /// <param name="weightSource">Returns a layer's weights given its layer path.</param>
    /// <param name="kerasVersion">The Keras version that wrote the model.</param>
    /// <param name="sourcePath">The model file (for messages and <see cref="TfLiteGraph.SourcePath"/>).</param>
    /// <param name="options">Import options; their <see cref="KerasImportOptions.Progress"/> receives one message per
    /// layer. The graph passes are not run here.</param>
    /// <param name="registry">Converters to use; <see cref="LayerConverterRegistry.Default"/> when null.</param>
    /// <exception cref="UnsupportedLayerException">A layer class or option has no conversion.</exception>
    /// <exception cref="ModelFormatException">Config and weights do not fit together.</exception>
    public static TfLiteGraph Convert(KerasModelGraph model, Func<IReadOnlyList<string>, IReadOnlyList<KerasWeight>> weightSource,
        Version kerasVersion, string? sourcePath = null, KerasImportOptions? options = null, LayerConverterRegistry? registry = null)
    {
        options ??= new KerasImportOptions();
        var builder = new GraphBuilder(model.Name);
        builder.Graph.SourcePath = sourcePath;
        var session = new ConversionSession(builder, weightSource, registry ?? LayerConverterRegistry.Default, kerasVersion, sourcePath, options);
        try
        {
            return ConvertNodes(model, session);
        }
        finally
        {
            session.ReturnScratch();
        }
    }

    private static TfLiteGraph ConvertNodes(KerasModelGraph model, ConversionSession session)
    {
        var builder = session.Builder;
        var options = session.Options;
        var sourcePath = session.SourcePath;

        var inputs = new Dictionary<SymbolicTensor, Tensor>();
        foreach (var input in model.Inputs)
        {
            var tensor = builder.AddTensor(input.Name, input.Type, input.Shape);
            builder.Main.Inputs.Add(tensor);
            inputs[input.Tensor] = tensor;
        }

        var results = new Dictionary<KerasNode, IReadOnlyList<Tensor>>();
        Tensor Lookup(SymbolicTensor s)
        {
            if (s.Producer is null) return inputs[s];
            var outputs = results[s.Producer];
            return s.Index < outputs.Count ? outputs[s.Index]
                : throw new ModelFormatException("InvalidModelConfig",
                    $"Tensor {s} is used, but layer '{s.Producer.Layer.Name}' ({s.Producer.Layer.ClassName}) has only {outputs.Count} output(s).", sourcePath);
        }

        for (var i = 0; i < model.Nodes.Count; i++)
        {
            var node = model.Nodes[i];
            var layer = node.Layer;
            options.Progress?.Report($"Layer {i + 1}/{model.Nodes.Count}: {layer.Name} ({layer.ClassName})");
            var context = new LayerContext(session, layer, node.Inputs.Select(Lookup).ToList(),
                node.KwargTensors.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Tensor>)kv.Value.Select(Lookup).ToList()), node.Kwargs);
            var outputs = ConvertLayer(context, session);
            for (var k = 0; k < outputs.Count; k++)
                if (context.CreatedTensors.Contains(outputs[k]))
                    builder.Rename(outputs[k], k == 0 ? layer.Name : $"{layer.Name}:{k}");
            results[node] = outputs;
        }

        var signature = new SignatureDef { Key = "serving_default", SubgraphIndex = 0 };
        foreach (var (input, symbolic) in model.Inputs.Select(i => (i, i.Tensor)))
            signature.Inputs.Add(new(input.Name, inputs[symbolic]));
        var outputNames = new HashSet<string>();
        foreach (var output in model.Outputs)
        {
            var tensor = Lookup(output.Tensor);
            builder.Main.Outputs.Add(tensor);
            var name = output.Name;
            for (var n = 1; !outputNames.Add(name); n++) name = $"{output.Name}_{n}";
            signature.Outputs.Add(new(name, tensor));
        }
        builder.Graph.SignatureDefs.Add(signature);
        return builder.Graph;
    }

    private static IReadOnlyList<Tensor> ConvertLayer(LayerContext context, ConversionSession session)
    {
        var layer = context.Layer;
        if (ModelConfigParser.DTypeName(layer.Config["dtype"]) is { } dtype && dtype != "float32")
            throw layer.Config.Unsupported("dtype", "only float32 layers are converted");
        var converter = session.Registry.Find(layer.ClassName)
            ?? throw new UnsupportedLayerException(layer.Name, layer.ClassName, UnknownClassDetail(layer));
        try
        {
            var outputs = converter.Convert(context);
            return outputs.Count > 0 ? outputs
                : throw new InvalidOperationException($"{converter.GetType().Name} returned no output.");
        }
        catch (Exception e) when (e is not TfLiteException and not OperationCanceledException)
        {
            // A converter fault on odd input must still surface as a model error naming the layer, never a crash.
            throw new ModelFormatException("LayerConversionFailed",
                $"Layer '{layer.Name}' ({layer.ClassName}) could not be converted: {e.Message}", session.SourcePath ?? layer.Name, e);
        }
    }

    private static string UnknownClassDetail(KerasLayer layer)
    {
        var custom = layer.RegisteredName is { } registered && registered.Contains('>') ? $" (custom layer '{registered}')" : "";
        return $"layer class {layer.ClassName}{custom} is not supported";
    }
}
