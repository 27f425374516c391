using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.SavedModel;

namespace TfLite.Core.TensorFlow;

/// <summary>
/// Converts TensorFlow's own model formats into a float32 <see cref="TfLiteGraph"/>: frozen GraphDefs (binary or
/// text), GraphDefs or MetaGraphs with a TF1 checkpoint, and SavedModel folders.
/// </summary>
public static class TfImporter
{
    private const string SavedModelFile = "saved_model.pb";
    private const string SavedModelTextFile = "saved_model.pbtxt";
    private const string MetaGraphExtension = ".meta";

    /// <summary>Whether <paramref name="directory"/> is a SavedModel folder (it holds <c>saved_model.pb</c> or
    /// <c>saved_model.pbtxt</c>).</summary>
    public static bool IsSavedModelFolder(string directory) =>
        File.Exists(Path.Combine(directory, SavedModelFile)) || File.Exists(Path.Combine(directory, SavedModelTextFile));

    /// <summary>Reads a model and lowers the nodes between its inputs and outputs to TFLite operators.</summary>
    /// <param name="path">A GraphDef file (<c>.pb</c>, <c>.pbtxt</c>), a MetaGraph (<c>.meta</c>, whose checkpoint is
    /// the file name without <c>.meta</c> unless <see cref="TfImportOptions.CheckpointPrefix"/> says otherwise), a
    /// SavedModel folder or its <c>saved_model.pb</c>.</param>
    /// <param name="options">Inputs, outputs, shapes, checkpoint, signature and tags.</param>
    /// <exception cref="ModelFormatException">The file is missing, malformed or truncated, or a named node or
    /// variable is missing.</exception>
    /// <exception cref="UnsupportedLayerException">Operators without a conversion (all listed at once).</exception>
    public static TfLiteGraph Import(string path, TfImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new TfImportOptions();
        if (Directory.Exists(path))
            return ImportSavedModel(path, options);
        var name = Path.GetFileName(path);
        if (name is SavedModelFile or SavedModelTextFile)
            return ImportSavedModel(Path.GetDirectoryName(Path.GetFullPath(path))!, options);
        if (path.EndsWith(MetaGraphExtension, StringComparison.OrdinalIgnoreCase))
            return ImportMetaGraph(path, options);

        options.Progress?.Report($"Reading {name}");
        var graph = GraphDefFile.Read(path);
        var variables = options.CheckpointPrefix is { } prefix ? CheckpointVariables.Open(prefix) : null;
        return GraphDefConverter.Convert(graph, variables, options, path);
    }

    private static TfLiteGraph ImportMetaGraph(string path, TfImportOptions options)
    {
        options.Progress?.Report($"Reading {Path.GetFileName(path)}");
        var metaGraph = GraphDefFile.ReadMetaGraph(path);
        var prefix = options.CheckpointPrefix ?? path[..^MetaGraphExtension.Length];
        return GraphDefConverter.Convert(metaGraph.GraphDef, CheckpointVariables.Open(prefix), options, path);
    }

    // A Keras SavedModel goes through the Keras converters, as TensorFlow's from_keras_model would, unless a signature
    // or tensors are named: those belong to the SavedModel's graph. A layer the Keras converters do not know (a
    // TFOpLambda, a custom layer) sends it to the graph too, which holds the layer's ops.
    private static TfLiteGraph ImportSavedModel(string directory, TfImportOptions options)
    {
        if (KerasSavedModel.IsKerasSavedModel(directory) && options.SignatureName is null && options.InputNames is not { Count: > 0 } && options.OutputNames is not { Count: > 0 })
        {
            try
            {
                return KerasSavedModel.Import(directory, new Keras.KerasImportOptions { Optimize = options.Optimize, Progress = options.Progress });
            }
            catch (UnsupportedLayerException e)
            {
                options.Progress?.Report($"Converting the SavedModel's graph: {e.Message}");
            }
        }
        return SavedModelImporter.Import(directory, options);
    }
}
