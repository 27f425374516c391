using TfLite.Core.Tests.Infrastructure;

namespace TfLite.Core.Tests.TensorFlow.RealFiles;

/// <summary>
/// One TensorFlow-written model file of <c>tests/data/tf</c> with what its source says about converting it.
/// </summary>
/// <param name="Id">Slug, a slash, and the file's path inside the slug folder.</param>
/// <param name="Path">The graph file (<c>.pb</c>, <c>.pbtxt</c>, <c>.meta</c>) or SavedModel folder.</param>
/// <param name="InputNames">Input nodes, as the source's own conversion or test named them.</param>
/// <param name="OutputNames">Output nodes, likewise.</param>
/// <param name="TfLitePath">TensorFlow's float <c>.tflite</c> of the same model, or null.</param>
/// <param name="InputShapes">Shapes for inputs the graph leaves unshaped, as the source's tests feed them.</param>
public sealed record RealTfCase(string Id, string Path, string[] InputNames, string[] OutputNames, string? TfLitePath,
    IReadOnlyDictionary<string, int[]>? InputShapes = null)
{
    /// <summary>A frozen GraphDef (binary or text) without fake quantization, which the float64 reference can
    /// evaluate when TensorFlow's file is absent.</summary>
    public bool IsFloatFrozenGraphDef => (Path.EndsWith(".pb", StringComparison.Ordinal) || Path.EndsWith(".pbtxt", StringComparison.Ordinal))
        && !Directory.Exists(Path)
        && System.IO.Path.GetFileName(Path) != "saved_model.pb" && !Id.Contains("-qat-", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>
/// The graph files of <c>tests/data/tf</c> (see its README.md and each folder's SOURCE.md): input and output names
/// are the ones the source repository's tests feed (tensorflow-onnx's <c>tests/run_pretrained_models.yaml</c>).
/// SavedModel folders are listed apart, in <see cref="SavedModels"/>.
/// </summary>
public static class RealTfCorpus
{
    private const string Fc = "tf2onnx-fc-layers-tf1";
    private const string Ae = "tf2onnx-ae0-tf1";
    private const string Regression = "tf2onnx-regression-tf1";
    private const string DiceText = "dicereader-keras-mlp-frozen-text-tf2";

    // tensorflow-onnx feeds the shapeless placeholder X of its regression model with shape [1].
    private static readonly Dictionary<string, int[]> RegressionShape = new() { ["X"] = [1] };

    /// <summary>Frozen GraphDefs and MetaGraph + checkpoint pairs.</summary>
    public static IReadOnlyList<RealTfCase> Graphs { get; } =
    [
        Case(Fc, "frozen.pb", ["X"], ["output"], null),
        Case(Ae, "frozen.pb", ["X"], ["output"], null),
        Case(Regression, "graphdef/frozen.pb", ["X"], ["pred"], "tflite/model.tflite", RegressionShape),
        Case(Regression, "checkpoint/model.meta", ["X"], ["pred"], "tflite/model.tflite", RegressionShape),
        // The arrays of the toco command in TensorFlow's micro_speech training README; its .tflite is uint8, not float.
        Case("siliconlabs-micro-speech-qat-tf1", "model.pb", ["Reshape_2"], ["labels_softmax"], null,
            new Dictionary<string, int[]> { ["Reshape_2"] = [1, 49, 40, 1] }),
        // The text GraphDef that tf.io.write_graph(..., as_text=True) wrote of a frozen Keras concrete function; its
        // input and output as the source script prints them (frozen_func.inputs / outputs).
        Case(DiceText, "frozen_graph.pbtxt", ["x"], ["Identity"], null),
    ];

    /// <summary>SavedModel folders (TensorFlow 1 and Keras SavedModels).</summary>
    public static IReadOnlyList<RealTfCase> SavedModels { get; } =
    [
        Case(Regression, "saved_model", [], [], "tflite/model.tflite", RegressionShape),
        Case("scisharp-keras-mlp-savedmodel-tf2.11", "simple_model_from_auto_compile", [], [], null),
        Case("tfrust-keras-two-inputs-savedmodel-tf2.3", "keras_multiple_inputs_saved_model", [], [], null),
    ];

    /// <summary>The case with this id.</summary>
    public static RealTfCase Get(string id) =>
        Graphs.Concat(SavedModels).FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"No TensorFlow file '{id}'.");

    private static RealTfCase Case(string slug, string file, string[] inputs, string[] outputs, string? tflite,
        IReadOnlyDictionary<string, int[]>? shapes = null) =>
        new($"{slug}/{file}", RepoData.Tf(slug, file), inputs, outputs, tflite is null ? null : RepoData.Tf(slug, tflite), shapes);
}
