using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// Converts one signature of a SavedModel, as TensorFlow's <c>from_saved_model</c> does: the signature's inputs and
/// outputs name tensors of the MetaGraph's graph, whose call nodes run the function library. The functions are
/// inlined, each captured variable becomes a <c>VarHandleOp</c> whose value comes from the variables bundle, and the
/// flat graph goes through the GraphDef converter. The TFLite signature keeps the SavedModel's input and output keys.
/// </summary>
public static class SavedModelImporter
{
    /// <summary>Converts the signature and MetaGraph that <paramref name="options"/> choose.</summary>
    /// <exception cref="ModelFormatException">The folder is damaged, the tags or the signature are missing, a
    /// variable is missing, or a node does not fit its op.</exception>
    /// <exception cref="UnsupportedLayerException">Operators without a conversion (all listed at once).</exception>
    public static TfLiteGraph Import(string directory, TfImportOptions options)
    {
        options.Progress?.Report($"Reading SavedModel {Path.GetFileName(directory.TrimEnd('/', '\\'))}");
        var folder = SavedModelFolder.Open(directory, options.Tags);
        var signatureName = options.SignatureName ?? SavedModelFolder.DefaultSignature;
        var signature = folder.Signature(signatureName);
        var inputs = SortedTensors(signature.Inputs, directory);
        var outputs = SortedTensors(signature.Outputs, directory);
        if (outputs.Count == 0)
            throw new ModelFormatException(TfErrorIds.SavedModelMalformed, $"Signature '{signatureName}' of '{directory}' has no outputs.", signatureName);

        var graph = folder.MetaGraph.GraphDef?.Clone() ?? new GraphDef();
        var variables = SavedModelVariables.Open(folder);
        var inliner = new FunctionInliner(graph.Library, folder.File);
        CapturedVariables.Bind(graph, folder.MetaGraph.ObjectGraphDef, variables, inliner, folder.File);

        var inputNames = options.InputNames is { Count: > 0 } named ? named : inputs.Select(i => i.Tensor).ToList();
        var outputNames = options.OutputNames is { Count: > 0 } wanted ? wanted : outputs.Select(o => o.Tensor).ToList();
        var flat = inliner.Inline(graph, outputNames.Select(n => TensorName.Parse(n).Node));
        var converted = GraphDefConverter.Convert(flat, variables, new TfImportOptions
        {
            InputNames = inputNames,
            OutputNames = outputNames,
            InputShapes = ShapesByTensor(options.InputShapes, inputs),
            Optimize = options.Optimize,
            Progress = options.Progress,
        }, directory);
        KeepSignatureKeys(converted, signatureName, options.InputNames is { Count: > 0 } ? null : inputs, options.OutputNames is { Count: > 0 } ? null : outputs);
        return converted;
    }

    private static List<(string Key, string Tensor)> SortedTensors(IDictionary<string, TensorInfo> tensors, string directory) =>
        [.. tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value.Name is { Length: > 0 } name ? name
            : throw new ModelFormatException(TfErrorIds.SavedModelMalformed,
                $"Signature tensor '{t.Key}' of '{directory}' is not a plain tensor (sparse or composite tensors are not converted).", t.Key)))];

    // Shapes may be given by signature key ("x") as well as by tensor or node name ("serving_default_x").
    private static IReadOnlyDictionary<string, int[]>? ShapesByTensor(IReadOnlyDictionary<string, int[]>? shapes, List<(string Key, string Tensor)> inputs)
    {
        if (shapes is null) return null;
        var result = new Dictionary<string, int[]>(shapes, StringComparer.Ordinal);
        foreach (var (key, tensor) in inputs)
            if (shapes.TryGetValue(key, out var dims)) result.TryAdd(TensorName.Parse(tensor).Node, dims);
        return result;
    }

    private static void KeepSignatureKeys(TfLiteGraph graph, string signatureName, List<(string Key, string Tensor)>? inputs, List<(string Key, string Tensor)>? outputs)
    {
        if (graph.SignatureDefs.Count == 0) return;
        var signature = graph.SignatureDefs[0];
        signature.Key = signatureName;
        Rekey(signature.Inputs, inputs);
        Rekey(signature.Outputs, outputs);
    }

    private static void Rekey(List<KeyValuePair<string, Tensor>> entries, List<(string Key, string Tensor)>? keys)
    {
        if (keys is null || keys.Count != entries.Count) return;
        for (var i = 0; i < entries.Count; i++) entries[i] = new(keys[i].Key, entries[i].Value);
    }
}
